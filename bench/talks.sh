#!/usr/bin/env bash
# Blind mediator quality: agreement rate and distance to the Nash point over many seeds, with the
# trusted mediator as the upper bound (see bench/README.md, "talks").
# Usage: bench/talks.sh [seeds (default 50)] [rounds (default 12)]
# Scenarios: examples/supply-contract.toml, tests/fixtures/generated/*, and with DETENTE_CORPUS set
# every 2- and 3-party scenario of $DETENTE_CORPUS/domains and domains-geniusweb (real-valued
# issues discretised with --grid 11).
# DETENTE_BIN overrides the binary (default: a fresh release build).
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${1:-50}"
ROUNDS="${2:-12}"
if [[ -z "${DETENTE_BIN:-}" ]]; then
  cargo build --release -p detente-cli >&2
  DETENTE_BIN=target/release/detente
fi
scenarios=(examples/supply-contract.toml tests/fixtures/generated/gen-*)
if [[ -n "${DETENTE_CORPUS:-}" ]]; then
  scenarios+=("$DETENTE_CORPUS"/domains/*/ "$DETENTE_CORPUS"/domains-geniusweb/*/)
fi
python3 - "$DETENTE_BIN" "$SEEDS" "$ROUNDS" "${scenarios[@]}" <<'PY'
import json, subprocess, sys, statistics as st
binary, seeds, rounds, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]

def talks(path, mediator, seed):
    out = subprocess.run([binary, "talks", path, "--mediator", mediator, "--seed", str(seed),
                          "--rounds", rounds, "--grid", "11", "--format", "json"], capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else None

print(f"blind mediator over seeds 0..{seeds - 1}, {rounds} rounds; trusted mediator as upper bound")
print("| scenario | parties | zone margin | trusted: agreed, distance | blind: agreement rate | blind: mean distance to Nash (median, max) | blind: mean rounds |")
print("|---|---|---|---|---|---|---|")
totals = {"runs": 0, "agreed": 0, "distances": []}
for path in paths:
    trusted = talks(path, "trusted", 0)
    if trusted is None:
        print(f"| {path.rstrip('/').split('/')[-1]} | – | – | not runnable (see `detente talks`) | | | |")
        continue
    if len(trusted["parties"]) > 3:
        continue
    runs = [r for r in (talks(path, "blind", s) for s in range(seeds)) if r is not None]
    agreed = [r for r in runs if r["agreement"] is not None]
    dist = [r["reference"]["distance_to_nash"] for r in agreed if r["reference"]["distance_to_nash"] is not None]
    totals["runs"] += len(runs); totals["agreed"] += len(agreed); totals["distances"] += dist
    t_dist = trusted["reference"]["distance_to_nash"]
    name = trusted["scenario"]
    margin = trusted["reference"]["margin"]
    print(f"| {name} | {len(trusted['parties'])} | {margin:+.3f} | "
          f"{'yes' if trusted['agreement'] else 'no'}, {'–' if t_dist is None else f'{t_dist:.3f}'} | "
          f"{len(agreed)}/{len(runs)} | "
          + (f"{st.mean(dist):.3f} ({st.median(dist):.3f}, {max(dist):.3f})" if dist else "–")
          + f" | {st.mean(len(r['rounds']) for r in runs):.1f} |")
d = totals["distances"]
print(f"\noverall: blind agreement rate {totals['agreed']}/{totals['runs']}"
      + (f", mean distance to Nash {st.mean(d):.3f}, median {st.median(d):.3f}" if d else ""))
PY
