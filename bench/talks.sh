#!/usr/bin/env bash
# Blind mediation quality: how well a mediator that learns only from answers measures the margin
# and finds the Nash point, in three modes of delegation behaviour (see bench/README.md, "talks").
# Usage: bench/talks.sh [seeds (default 10)] [rounds (default 12)]
# Scenarios: examples/*.toml, tests/fixtures/generated/*, and with DETENTE_CORPUS set every
# scenario of $DETENTE_CORPUS/domains and domains-geniusweb (real-valued issues discretised with
# --grid 11). Scenarios with more than 3 parties are listed as skipped.
# Modes: --parties truthful; --parties truthful --answer-noise 0.1; the file's setup (default:
# time-based Boulware delegations).
# DETENTE_BIN overrides the binary (default: a fresh release build); BENCH_WORKERS the number of
# talks run at once (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${1:-10}"
ROUNDS="${2:-12}"
if [[ -z "${DETENTE_BIN:-}" ]]; then
  cargo build --release -p detente-cli >&2
  DETENTE_BIN=target/release/detente
fi
shopt -s nullglob
scenarios=(examples/*.toml)
for dir in tests/fixtures/generated/*/; do scenarios+=("$dir"); done
if [[ -n "${DETENTE_CORPUS:-}" ]]; then
  for dir in "$DETENTE_CORPUS"/domains/*/ "$DETENTE_CORPUS"/domains-geniusweb/*/; do
    scenarios+=("$dir")
  done
fi
python3 - "$DETENTE_BIN" "$SEEDS" "$ROUNDS" "${BENCH_WORKERS:-2}" "${scenarios[@]}" <<'PY'
import json, subprocess, sys, statistics as st
from concurrent.futures import ThreadPoolExecutor

binary, seeds, rounds, workers, paths = (sys.argv[1], int(sys.argv[2]), sys.argv[3],
                                         int(sys.argv[4]), sys.argv[5:])
MODES = [
    ("truthful", ["--parties", "truthful"]),
    ("truthful, noise 0.1", ["--parties", "truthful", "--answer-noise", "0.1"]),
    ("default (time-based)", []),
]
MAX_PARTIES = 3
TIMEOUT = 900  # seconds per talks; a run that takes longer counts as failed


def label(path):
    return path.rstrip("/").split("/")[-1]


def parties(path):
    """The scenario's party count, or None when it does not load."""
    out = subprocess.run([binary, "inspect", path, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return len(json.loads(out.stdout)["parties"])


def talks(job):
    path, mode, seed = job
    args = [binary, "talks", path, "--mediator", "blind", "--seed", str(seed), "--rounds", rounds,
            "--grid", "11", "--format", "json"] + dict(MODES)[mode]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return job, None
    return job, (json.loads(out.stdout) if out.returncode == 0 else None)


def measures(run):
    """What one run says about the done-when criteria."""
    ref, margin = run["reference"], run["margin"]
    share = ref.get("nash_share")
    return {
        "agreed": run["agreement"] is not None,
        "bounds": bool(ref["bounds_hold"]),
        "error": abs(margin[-1]["estimate"] - ref["margin"]) if margin else None,
        # Nash shares count over runs of scenarios with a zone only: without one no agreement
        # can reach the Nash point (None leaves the run out of those two columns).
        "share95": (share is not None and share >= 0.95) if ref["margin"] >= 0 else None,
        "share90": (share is not None and share >= 0.90) if ref["margin"] >= 0 else None,
        "questions": run["questions"]["per_issue_per_party"],
        "contradiction": any(m["contradictions"] for m in margin),
        "zone": ref["margin"],
        "parties": len(run["parties"]),
        "name": run["scenario"],
    }


def share(values):
    values = [v for v in values if v is not None]
    return f"{100 * sum(values) / len(values):.0f}%" if values else "–"


def mean(values):
    values = [v for v in values if v is not None]
    return f"{st.mean(values):.3f}" if values else "–"


def row(name, n_parties, zone, ms, failed):
    runs = len(ms)
    return (f"| {name} | {n_parties} | {zone} | {runs}" + (f" (+{failed} failed)" if failed else "")
            + f" | {share([m['agreed'] for m in ms])} | {share([m['bounds'] for m in ms])}"
            + f" | {mean([m['error'] for m in ms])} | {share([m['share95'] for m in ms])}"
            + f" | {share([m['share90'] for m in ms])} | {mean([m['questions'] for m in ms])}"
            + f" | {share([m['contradiction'] for m in ms])} |")


HEADER = ("| scenario | parties | zone margin | runs | agreed | bounds hold | mean abs(estimate − margin)"
          " | Nash share ≥ 0.95 (runs with a zone) | ≥ 0.90 | questions / issue / party | contradiction detected |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")

runnable, skipped = [], []
for path in paths:
    n = parties(path)
    if n is None:
        skipped.append((path, "does not load (see `detente inspect`)"))
    elif n > MAX_PARTIES:
        skipped.append((path, f"{n} parties, more than {MAX_PARTIES}"))
    else:
        runnable.append(path)

jobs = [(path, mode, seed) for mode, _ in MODES for path in runnable for seed in range(seeds)]
results = {}
with ThreadPoolExecutor(max_workers=workers) as pool:
    for done, (job, run) in enumerate(pool.map(talks, jobs), 1):
        results[job] = run
        if done % 25 == 0 or done == len(jobs):
            print(f"{done}/{len(jobs)} talks run", file=sys.stderr)

print(f"blind mediator, seeds 0..{seeds - 1}, {rounds} rounds, --grid 11, {len(runnable)} scenarios")
overall = {}
for mode, _ in MODES:
    print(f"\n### {mode}\n\n{HEADER}")
    everything, failed_total = [], 0
    for path in runnable:
        runs = [results[(path, mode, s)] for s in range(seeds)]
        ms = [measures(r) for r in runs if r is not None]
        failed = sum(r is None for r in runs)
        everything += ms
        failed_total += failed
        if ms:
            print(row(ms[0]["name"], ms[0]["parties"], f"{ms[0]['zone']:+.3f}", ms, failed))
        else:
            print(f"| {label(path)} | – | – | 0 (+{failed} failed) | | | | | | | |")
    print(row("**overall**", "", "", everything, failed_total))
    overall[mode] = (everything, failed_total)

print(f"\n### overall\n\n{HEADER.replace('| scenario | parties | zone margin', '| mode | | ')}")
for mode, (ms, failed) in overall.items():
    print(row(mode, "", "", ms, failed))
if skipped:
    print("\nskipped: " + "; ".join(f"{label(p)} ({why})" for p, why in skipped))
PY
