#!/usr/bin/env bash
# GMCR stability analysis at scale: random option-form conflicts (seeded), timed through the whole
# `detente stability` process. See bench/README.md, "Stability".
# Usage: bench/stability.sh [seed (default 1)]
# Cases: 4 decision makers × 4 options (16 options, the headline case), 5 × 3 (15), 6 × 3 (18
# options, 2^18 combinations). Each decision maker's last option is once-taken; one infeasibility
# rule per decision maker ("not both of its first two options"), except in the second 4 × 4 case,
# which has none (all 2^16 combinations are states); preferences by option prioritization (5
# random statements each).
# DETENTE_BIN overrides the binary (default: a fresh release build).
set -euo pipefail
cd "$(dirname "$0")/.."
SEED="${1:-1}"
if [[ -z "${DETENTE_BIN:-}" ]]; then
  cargo build --release -p detente-cli >&2
  DETENTE_BIN=target/release/detente
fi
python3 - "$DETENTE_BIN" "$SEED" <<'PY'
import json, os, random, resource, subprocess, sys, tempfile, time

binary, seed = sys.argv[1], int(sys.argv[2])

def model(dms, per_dm, constrained, rng):
    ids = [[f"d{d}o{k}" for k in range(per_dm)] for d in range(dms)]
    every = [i for row in ids for i in row]
    lines = [f'name = "random {dms}x{per_dm}"', "infeasible = ["]
    lines += [f'  "{row[0]} and {row[1]}",' for row in ids if constrained]
    lines += ["]", "status_quo = []"]
    for d, row in enumerate(ids):
        lines += ["", "[[decision_maker]]", f'name = "DM{d}"', "options = ["]
        for k, i in enumerate(row):
            rev = ', reversibility = "once-taken"' if k == per_dm - 1 else ""
            lines.append(f'  {{ id = "{i}"{rev} }},')
        lines += ["]", "preferences = ["]
        for _ in range(5):
            a, b = rng.sample(every, 2)
            op = rng.choice(["and", "or", "iff", "->"])
            neg = rng.choice(["", "not "])
            lines.append(f'  "{neg}{a} {op} {b}",')
        lines.append("]")
    return "\n".join(lines) + "\n"

def run(path, fmt):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([binary, "stability", path, "--format", fmt],
                         check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out

rng = random.Random(seed)
print(f"{'case':<10} {'options':>7} {'states':>7} {'format':>6} {'wall s':>7} {'cpu s':>7}  equilibria (Nash/GMR/SMR/SEQ)")
with tempfile.TemporaryDirectory() as tmp:
    for dms, per_dm, constrained in [(4, 4, True), (4, 4, False), (5, 3, True), (6, 3, True)]:
        path = os.path.join(tmp, f"m{dms}x{per_dm}.toml")
        with open(path, "w") as f:
            f.write(model(dms, per_dm, constrained, rng))
        wall, cpu, out = run(path, "json")
        report = json.loads(out)
        eq = "/".join(str(len(report["equilibria"][k])) for k in ["nash", "gmr", "smr", "seq"])
        states = len(report["states"])
        print(f"{dms}x{per_dm:<8} {dms*per_dm:>7} {states:>7} {'json':>6} {wall:>7.2f} {cpu:>7.2f}  {eq}")
        wall, cpu, _ = run(path, "text")
        print(f"{dms}x{per_dm:<8} {dms*per_dm:>7} {states:>7} {'text':>6} {wall:>7.2f} {cpu:>7.2f}")
PY
