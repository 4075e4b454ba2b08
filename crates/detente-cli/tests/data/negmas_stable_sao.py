"""Re-runs NegMAS's SAO goldens for the generated fixtures with numpy's argsort forced *stable* in
NegMAS's presorting inverter, and writes them as negmas_stable_sao.json.

Why: NegMAS sorts outcomes by utility with numpy's default (unstable, SIMD) argsort, so among
outcomes of exactly equal utility its order is arbitrary and may even depend on the CPU. detente
breaks such ties by enumeration order (a stable sort). With the stable sort, NegMAS and detente
agree on every run; `tests/golden_sao.rs` uses this file to show that every remaining difference
from the official goldens is a tie-breaking one.

Run from the repository root with NegMAS 0.16 installed (the corpus is optional; its scenarios are
keyed as in the goldens, GeniusWeb ones prefixed `gw-`):
    python3 crates/detente-cli/tests/data/negmas_stable_sao.py [--corpus ../shared] \
        > crates/detente-cli/tests/data/negmas_stable_sao.json
"""
import argparse
import json
import sys
import tempfile
from pathlib import Path

from stable_argsort import use_stable_argsort

sys.path.insert(0, "tests/golden/negmas")
import generate  # noqa: E402  (the golden generator: same setup as the official goldens)

use_stable_argsort()

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", type=Path, default=None)
args = parser.parse_args()

results = {}
for _group, name, folder in generate.scenario_folders(args.corpus, None):
    out = Path(tempfile.mkdtemp()) / "sao.json"
    try:
        info = generate.work_sao(folder, name, out, Path(tempfile.mkdtemp()))
    except Exception as error:  # NegMAS cannot read it: the goldens skip it too
        print(f"{name}: {error}", file=sys.stderr)
        continue
    if "skip" in info:
        continue
    doc = json.loads(out.read_text())
    results[name] = [
        {"agents": r["agents"], "step": r["step"], "utilities": r["utilities"]} for r in doc["runs"]
    ]
print(json.dumps({"negmas": "0.16.0", "argsort": "stable", "runs": results}, indent=0))
