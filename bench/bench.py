#!/usr/bin/env python3
"""Benchmark `detente analyze` against NegMAS 0.16 on generated scenarios.

Generates random linear-additive GENIUS XML scenarios (10^3 ... 10^8 outcomes, 2 and 3 parties, plus a
10^10-outcome two-party case and a 10^40-outcome non-linear case) in a temporary folder, then runs
`detente analyze --format json --evaluation raw` and, where NegMAS is installed and the space is small
enough, NegMAS's `pareto_frontier` + `nash_points` on the same files. Prints wall times, peak memory
(`/usr/bin/time -v`, maximum resident set size) and the speed ratio. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NEGMAS_CHILD = r"""
import sys, time, json
from negmas import Scenario
from negmas.preferences.ops import pareto_frontier, nash_points
s = Scenario.load(sys.argv[1], ignore_discount=True)
outcomes = list(s.outcome_space.enumerate_or_sample())
t0 = time.perf_counter()
frontier, _ = pareto_frontier(s.ufuns, outcomes)
nash = nash_points(s.ufuns, frontier, outcome_space=s.outcome_space)
t1 = time.perf_counter()
print(json.dumps({"compute_s": t1 - t0, "pareto": len(frontier), "nash": [list(p) for p, _ in nash]}))
"""


def write_linear(folder: Path, sizes: list[int], parties: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    issues = "".join(
        f'      <issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name="i{i + 1}">\n'
        + "".join(f'        <item index="{v + 1}" value="v{v + 1}"/>\n' for v in range(n))
        + "      </issue>\n"
        for i, n in enumerate(sizes)
    )
    (folder / "domain.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<negotiation_template>\n  <utility_space>\n'
        '    <objective index="0" etype="objective" type="objective" name="bench">\n'
        f"{issues}    </objective>\n  </utility_space>\n</negotiation_template>\n"
    )
    for p in range(parties):
        weights = [rng.random() for _ in sizes]
        total = sum(weights)
        body = ""
        for i, n in enumerate(sizes):
            evals = [round(rng.random(), 6) for _ in range(n)]
            evals[rng.randrange(n)] = 1.0  # best value scores 1: raw and GENIUS readings agree
            body += (
                f'    <issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name="i{i + 1}">\n'
                + "".join(
                    f'      <item index="{v + 1}" value="v{v + 1}" evaluation="{e}"/>\n'
                    for v, e in enumerate(evals)
                )
                + "    </issue>\n"
            )
        body += "".join(
            f'    <weight index="{i + 1}" value="{w / total:.6f}"/>\n' for i, w in enumerate(weights)
        )
        (folder / f"party{p + 1}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<utility_space>\n'
            '  <objective index="0" etype="objective" type="objective" name="bench">\n'
            f'{body}  </objective>\n  <reservation value="{rng.uniform(0.3, 0.6):.4f}"/>\n</utility_space>\n'
        )


def write_nonlinear(folder: Path, issues: int, parties: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    decl = "".join(
        f'   <issue etype="integer" index="{i + 1}" name="i{i + 1}" type="integer" vtype="integer" lowerbound="0" upperbound="9"/>\n'
        for i in range(issues)
    )
    (folder / "domain.xml").write_text(
        '<?xml version="1.0" encoding="utf-8" ?>\n<negotiation_template>\n<utility_space>\n'
        f'<objective etype="objective" index="0" name="root" type="objective">\n{decl}</objective>\n'
        "</utility_space>\n</negotiation_template>\n"
    )
    for p in range(parties):
        rects = ""
        for _ in range(60):
            rects += f'         <hyperRectangle utility="{rng.randint(1, 99)}">\n'
            for i in rng.sample(range(issues), 3):
                lo = rng.randint(0, 9)
                rects += f'            <INCLUDES index="{i + 1}" min="{lo}" max="{rng.randint(lo, 9)}"/>\n'
            rects += "         </hyperRectangle>\n"
        (folder / f"party{p + 1}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8" ?>\n<utility_space type="nonlinear">\n'
            f'<objective etype="objective" index="0" name="root" type="objective">\n{decl}\n'
            '   <utility maxutility="3000">\n      <ufun type="PlainUfun" weight="1" aggregation="sum">\n'
            f"{rects}      </ufun>\n   </utility>\n</objective>\n</utility_space>\n"
        )


def timed(cmd: list[str], timeout: float) -> dict:
    """Runs `cmd` under /usr/bin/time -v; returns wall seconds, peak RSS (MiB), stdout, status."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            ["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "wall": timeout, "rss": None, "stdout": "", "error": "timeout"}
    wall = time.perf_counter() - start
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    rss = int(m.group(1)) / 1024 if m else None
    err = "" if proc.returncode == 0 else proc.stderr.strip().splitlines()[0]
    return {"ok": proc.returncode == 0, "wall": wall, "rss": rss, "stdout": proc.stdout, "error": err}


def have_negmas() -> bool:
    return subprocess.run([sys.executable, "-c", "import negmas"], capture_output=True).returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--detente", default=str(REPO / "target" / "release" / "detente"))
    ap.add_argument("--negmas-max-outcomes", type=float, default=1e6,
                    help="run NegMAS only on spaces up to this size (it needs ~10 s per 10^6 outcomes)")
    ap.add_argument("--negmas-timeout", type=float, default=600)
    ap.add_argument("--max-exponent", type=int, default=8, help="largest enumerable case, 10^N outcomes")
    ap.add_argument("--repeat", type=int, default=3, help="detente runs per case (best time kept)")
    ap.add_argument("--keep", action="store_true", help="keep the generated scenarios")
    args = ap.parse_args()
    negmas = have_negmas()
    work = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    cases = []
    for parties in (2, 3):
        for e in range(3, args.max_exponent + 1):
            cases.append((f"linear {parties}p 10^{e}", "linear", [10] * e, parties))
    cases.append(("linear 2p 10^10", "linear", [10] * 10, 2))
    cases.append(("nonlinear 2p 10^40", "nonlinear", 40, 2))
    print(f"{'case':24} {'detente s':>10} {'MiB':>7} {'NegMAS s':>10} {'NegMAS MiB':>10} {'ratio':>9}  notes")
    for seed, (name, kind, shape, parties) in enumerate(cases):
        folder = work / name.replace(" ", "_").replace("^", "")
        if kind == "linear":
            write_linear(folder, shape, parties, seed)
            outcomes = 10 ** len(shape)
        else:
            write_nonlinear(folder, shape, parties, seed)
            outcomes = 10 ** shape
        cmd = [args.detente, "analyze", str(folder), "--format", "json", "--evaluation", "raw"]
        runs = [timed(cmd, 600) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["wall"])
        notes = ""
        if best["ok"]:
            report = json.loads(best["stdout"])
            notes = f"pareto {len(report['pareto'])}, zone {report['zone']['outcomes']}"
            ours_nash = [p["utilities"] for p in report["nash"]]
        else:
            notes = "detente: " + best["error"][:90]
            ours_nash = None
        n_wall = n_rss = None
        ratio = ""
        if negmas and kind == "linear" and outcomes <= args.negmas_max_outcomes:
            r = timed([sys.executable, "-c", NEGMAS_CHILD, str(folder)], args.negmas_timeout)
            if r["ok"]:
                child = json.loads(r["stdout"].strip().splitlines()[-1])
                n_wall, n_rss = child["compute_s"], r["rss"]
                ratio = f"{n_wall / best['wall']:.0f}x"
                if ours_nash is not None:
                    same = sorted(map(tuple, child["nash"])) == sorted(
                        tuple(u) for u in ours_nash
                    ) or all(
                        any(max(abs(a - b) for a, b in zip(p, q)) < 1e-9 for q in ours_nash)
                        for p in child["nash"]
                    )
                    notes += f", NegMAS pareto {child['pareto']}, nash {'agrees' if same else 'DIFFERS'}"
            else:
                notes += f", NegMAS failed: {r['error'][:60]}"
        fmt = lambda x, f: (f % x) if x is not None else "-"
        print(
            f"{name:24} {best['wall']:10.4f} {fmt(best['rss'], '%7.1f')} {fmt(n_wall, '%10.3f')} "
            f"{fmt(n_rss, '%10.1f')} {ratio:>9}  {notes}",
            flush=True,
        )
    if args.keep:
        print(f"scenarios kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
