#!/usr/bin/env python3
"""Regenerate detente's NegMAS golden files (facts produced by running NegMAS 0.16.0).

Runs NegMAS on every scenario folder of the shared corpus (`<corpus>/domains/*`,
and `<corpus>/domains-geniusweb/*` with the prefix `gw-`) and of
`tests/fixtures/generated/*`, and writes compact JSON under
`tests/golden/negmas/{utilities,analysis,sao}/{corpus,fixtures}/<scenario>.json`,
plus `SKIPPED.md` and `TIMINGS.md`. The format is documented in README.md next to
this script. Only NegMAS's outputs are stored; no NegMAS code is copied.

Usage, from the repository root:
    python3 tests/golden/negmas/generate.py [--corpus PATH] [--only utilities,analysis,sao]
                                            [--scenario NAME ...] [--analysis-timeout S]

Every NegMAS computation runs in a child process (one at a time) so a scenario
that takes too long can be stopped and recorded as skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "generated"
NEGMAS_VERSION = "0.16.0"

# Spaces up to this size are listed completely; larger ones get a subset of ranks.
FULL_LISTING_MAX = 20_000
SUBSET_SIZE = 2_000
# Spaces above this size are not listed at all (utilities) ...
UTILITIES_MAX = 10**9
# ... and not analysed (NegMAS materialises every outcome; see README).
ANALYSIS_MAX = 2_000_000
SAO_MAX = 2_000_000
DUMMY_ISSUE = "DUMMY_ISSUE"
AGENTS = ["boulware", "linear", "conceder"]
N_STEPS = 100


# --------------------------------------------------------------------------- helpers


def jfloat(x):
    """A float for JSON: repr precision; non-finite values become null."""
    x = float(x)
    return x if math.isfinite(x) else None


def dump(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def quiet_negmas():
    warnings.filterwarnings("ignore")
    import negmas  # noqa: F401  (import here so the parent never imports NegMAS)

    if negmas.__version__ != NEGMAS_VERSION:
        raise SystemExit(f"NegMAS {NEGMAS_VERSION} required, found {negmas.__version__}")
    return negmas


# --------------------------------------------------------------------------- loading

ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
GLUED_ATTRIBUTE = re.compile(r'="([^"<>]*)"(?=[A-Za-z_])')
BAD_DISCOUNT = re.compile(r'<discount_factor\s+value="([^"]*)"\s*/?>(\s*</discount_factor>)?')
UNREADABLE_UFUN = re.compile(r"Ufun named (.+?) cannot be read")


def repair_xml(text: str) -> tuple[str, list[str]]:
    """Minimal textual repairs that GENIUS's lenient reader applies implicitly."""
    notes = []
    start = text.find("<?xml")
    if start > 0:
        text = text[start:]
        notes.append("dropped text before the XML declaration")
    if ENTITY.search(text):
        text = ENTITY.sub("&amp;", text)
        notes.append("escaped bare '&'")
    if GLUED_ATTRIBUTE.search(text):
        text = GLUED_ATTRIBUTE.sub(r'="\1" ', text)
        notes.append("inserted a space between glued attributes")

    def fix_discount(m):
        try:
            float(m.group(1))
            return m.group(0)
        except ValueError:
            notes.append(f"removed non-numeric discount_factor {m.group(1)!r} "
                         "(irrelevant: discounting is ignored)")
            return ""

    text = BAD_DISCOUNT.sub(fix_discount, text)
    return text, notes


def load_scenario(folder: Path, workdir: Path):
    """Load with NegMAS; if that fails, retry on a repaired copy.

    Returns (scenario, repairs) where repairs lists what was changed (empty when
    NegMAS read the original files)."""
    from negmas.inout import Scenario

    try:
        s = Scenario.load(folder, ignore_discount=True)
        if s is not None:
            return s, []
    except Exception as error:  # noqa: BLE001 - NegMAS raises many kinds
        first_error = f"{type(error).__name__}: {error}"
    else:
        first_error = "Scenario.load returned None"
    copy = workdir / folder.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(folder, copy)
    repairs = [f"NegMAS could not read the original files ({first_error[:200]})"]
    for f in sorted(copy.iterdir()):
        if f.suffix.lower() != ".xml" or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        fixed, notes = repair_xml(text)
        if notes:
            f.write_text(fixed, encoding="utf-8")
            repairs += [f"{f.name}: {n}" for n in notes]
    for _ in range(40):
        try:
            s = Scenario.load(copy, ignore_discount=True)
        except OSError as error:
            m = UNREADABLE_UFUN.search(str(error))
            if not m or not (copy / m.group(1)).exists():
                raise
            (copy / m.group(1)).unlink()
            repairs.append(f"{m.group(1)}: profile left out, NegMAS cannot read it "
                           f"({str(error).split(': ', 1)[-1][:160]})")
            continue
        if s is None:
            raise RuntimeError("Scenario.load returned None after repairs")
        return s, repairs
    raise RuntimeError("too many unreadable profiles")


def issue_values(issue):
    return list(issue.all)


def real_issue_positions(os_):
    return [k for k, i in enumerate(os_.issues) if i.name != DUMMY_ISSUE]


def value_strings(outcome, keep):
    return [str(outcome[k]) for k in keep]


def outcome_at(rank: int, values: list[list]) -> tuple:
    """Outcome of a rank in enumeration order (last issue varies fastest)."""
    out = []
    for vals in reversed(values):
        rank, r = divmod(rank, len(vals))
        out.append(vals[r])
    return tuple(reversed(out))


def subset_ranks(n: int) -> list[int]:
    return sorted({(i * (n - 1)) // (SUBSET_SIZE - 1) for i in range(SUBSET_SIZE)})


def describe_space(s):
    os_ = s.outcome_space
    card = os_.cardinality
    return os_, card


# --------------------------------------------------------------------------- workers


def work_utilities(folder: Path, name: str, out: Path, workdir: Path) -> dict:
    s, repairs = load_scenario(folder, workdir)
    os_, card = describe_space(s)
    keep = real_issue_positions(os_)
    parties = [u.name for u in s.ufuns]
    if not isinstance(card, int) or card > UTILITIES_MAX:
        return {"skip": f"outcome space not enumerable ({card} outcomes)", "repairs": repairs}
    values = [issue_values(i) for i in os_.issues]
    if card <= FULL_LISTING_MAX:
        outcomes = list(os_.enumerate_or_sample(max_cardinality=float("inf")))
        assert len(outcomes) == card, (len(outcomes), card)
        for r in range(0, card, max(1, card // 97)):
            assert outcomes[r] == outcome_at(r, values), "enumeration order mismatch"
        ranks = None
    else:
        ranks = subset_ranks(card)
        outcomes = [outcome_at(r, values) for r in ranks]
    utilities = [[jfloat(u(o)) for o in outcomes] for u in s.ufuns]
    doc = {
        "negmas": NEGMAS_VERSION,
        "scenario": name,
        "parties": parties,
        "issues": [os_.issues[k].name for k in keep],
        "outcomes": card,
        "ranks": ranks,
        "utilities": utilities,
        "reserved": [jfloat(u.reserved_value) for u in s.ufuns],
    }
    if repairs:
        doc["repairs"] = repairs
    dump(out, doc)
    return {"parties": len(parties), "outcomes": card, "repairs": repairs}


def points(items):
    return [[jfloat(x) for x in p] for p in items]


def work_analysis(folder: Path, name: str, out: Path, workdir: Path) -> dict:
    s, repairs = load_scenario(folder, workdir)
    os_, card = describe_space(s)
    if not isinstance(card, int) or card > ANALYSIS_MAX:
        return {"skip": f"outcome space too large or not enumerable ({card} outcomes)",
                "repairs": repairs}
    keep = real_issue_positions(os_)
    start = time.perf_counter()
    stats = s.calc_stats()
    elapsed = time.perf_counter() - start
    strings = lambda outs: [value_strings(o, keep) for o in outs]  # noqa: E731
    doc = {
        "negmas": NEGMAS_VERSION,
        "scenario": name,
        "parties": [u.name for u in s.ufuns],
        "reserved": [jfloat(u.reserved_value) for u in s.ufuns],
        "ranges": points(stats.utility_ranges),
        "pareto": points(stats.pareto_utils),
        "pareto_outcomes": strings(stats.pareto_outcomes),
        "nash": points(stats.nash_utils),
        "kalai": points(stats.kalai_utils),
        "ks": points(stats.ks_utils),
        "max_welfare": points(stats.max_welfare_utils),
        "max_relative_welfare": points(stats.max_relative_welfare_utils),
        "opposition": jfloat(stats.opposition),
        "rational_fraction": jfloat(stats.rational_fraction),
        "nash_outcomes": strings(stats.nash_outcomes),
        "kalai_outcomes": strings(stats.kalai_outcomes),
        "ks_outcomes": strings(stats.ks_outcomes),
        "max_welfare_outcomes": strings(stats.max_welfare_outcomes),
        "max_relative_welfare_outcomes": strings(stats.max_relative_welfare_outcomes),
        "outcomes": card,
    }
    if repairs:
        doc["repairs"] = repairs
    dump(out, doc)
    return {"parties": len(s.ufuns), "outcomes": card, "seconds": round(elapsed, 3),
            "pareto": len(stats.pareto_utils), "repairs": repairs}


def make_agent(kind: str, name: str):
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator

    cls = {"boulware": BoulwareTBNegotiator, "linear": LinearTBNegotiator,
           "conceder": ConcederTBNegotiator}[kind]
    return cls(name=name)


def work_sao(folder: Path, name: str, out: Path, workdir: Path) -> dict:
    from negmas.sao import SAOMechanism

    s, repairs = load_scenario(folder, workdir)
    os_, card = describe_space(s)
    if not isinstance(card, int) or card > SAO_MAX:
        return {"skip": f"outcome space too large or not enumerable ({card} outcomes)"}
    if len(s.ufuns) != 2:
        return {"skip": f"{len(s.ufuns)} profiles (SAO goldens are bilateral only)"}
    keep = real_issue_positions(os_)
    names = [os_.issues[k].name for k in keep]
    runs = []
    start = time.perf_counter()
    for first in AGENTS:
        for second in AGENTS:
            m = SAOMechanism(outcome_space=os_, n_steps=N_STEPS, time_limit=None,
                             sync_calls=True)
            for kind, ufun in zip((first, second), s.ufuns):
                m.add(make_agent(kind, ufun.name), ufun=ufun)
            state = m.run()
            agreement = state.agreement
            runs.append({
                "agents": [first, second],
                "n_steps": N_STEPS,
                "agreement": None if agreement is None
                else dict(zip(names, value_strings(agreement, keep))),
                "utilities": None if agreement is None
                else [jfloat(u(agreement)) for u in s.ufuns],
                "step": int(state.step),
                "timedout": bool(state.timedout),
            })
    elapsed = time.perf_counter() - start
    doc = {"negmas": NEGMAS_VERSION, "scenario": name, "parties": [u.name for u in s.ufuns],
           "runs": runs}
    if repairs:
        doc["repairs"] = repairs
    dump(out, doc)
    return {"outcomes": card, "seconds": round(elapsed, 3), "repairs": repairs}


WORKERS = {"utilities": work_utilities, "analysis": work_analysis, "sao": work_sao}


def worker_main(args) -> None:
    quiet_negmas()
    with tempfile.TemporaryDirectory(prefix="detente-golden-") as tmp:
        try:
            result = WORKERS[args.worker](Path(args.folder), args.name, Path(args.out), Path(tmp))
        except Exception as error:  # noqa: BLE001 - reported to the parent as a skip
            result = {"skip": f"NegMAS failed: {type(error).__name__}: {str(error)[:300]}"}
    print("RESULT " + json.dumps(result))


# --------------------------------------------------------------------------- driver


def scenario_folders(corpus: Path | None, names: set[str] | None):
    found = []
    if corpus is not None:
        for sub, prefix in (("domains", ""), ("domains-geniusweb", "gw-")):
            base = corpus / sub
            if base.is_dir():
                for f in sorted(p for p in base.iterdir() if p.is_dir()):
                    found.append(("corpus", prefix + f.name, f))
    if FIXTURES.is_dir():
        for f in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
            found.append(("fixtures", f.name, f))
    if names:
        found = [x for x in found if x[1] in names]
    return found


def run_worker(kind: str, group: str, name: str, folder: Path, timeout: float) -> dict:
    out = HERE / kind / group / f"{name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind,
           "--folder", str(folder), "--name", name, "--out", str(out)]
    start = time.perf_counter()
    try:
        # a fixed hash seed removes the one source of run-to-run variation Python has
        env = dict(os.environ, PYTHONHASHSEED="0")
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        if out.exists():
            out.unlink()
        return {"skip": f"NegMAS did not finish within {timeout:.0f} s",
                "wall": round(time.perf_counter() - start, 1)}
    lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    if not lines:
        return {"skip": f"worker crashed (exit {proc.returncode}): {proc.stderr[-300:]}"}
    result = json.loads(lines[-1][len("RESULT "):])
    if "skip" in result and out.exists():
        out.unlink()
    result["wall"] = round(time.perf_counter() - start, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT.parent / "shared",
                        help="shared corpus folder holding domains/ and domains-geniusweb/ "
                             "(default: ../shared beside the repository)")
    parser.add_argument("--only", default="utilities,analysis,sao")
    parser.add_argument("--scenario", nargs="*", help="limit to these scenario names")
    parser.add_argument("--analysis-timeout", type=float, default=900.0)
    parser.add_argument("--sao-timeout", type=float, default=600.0)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return

    corpus = args.corpus.resolve() if args.corpus.is_dir() else None
    if corpus is None:
        print(f"corpus {args.corpus} not found: only fixtures are processed", file=sys.stderr)
    folders = scenario_folders(corpus, set(args.scenario) if args.scenario else None)
    kinds = [k for k in ("utilities", "analysis", "sao") if k in args.only.split(",")]
    timeouts = {"utilities": 600.0, "analysis": args.analysis_timeout, "sao": args.sao_timeout}
    status_path = HERE / "status.json"
    status = json.loads(status_path.read_text()) if status_path.exists() else {}
    for kind in kinds:
        for group, name, folder in folders:
            result = run_worker(kind, group, name, folder, timeouts[kind])
            status.setdefault(kind, {})[f"{group}/{name}"] = result
            print(f"{kind:9} {group}/{name}: {json.dumps(result)[:200]}", flush=True)
            status_path.write_text(json.dumps(status, indent=1, sort_keys=True) + "\n")
    write_reports(status)


def write_reports(status: dict) -> None:
    """SKIPPED.md (what is missing and why) and TIMINGS.md (NegMAS's times here)."""
    lines = ["# Scenarios without golden files\n\n",
             "Generated by `generate.py`; each row says why NegMAS produced no golden file.\n\n",
             "| kind | scenario | reason |\n|---|---|---|\n"]
    repaired = ["\n# Scenarios NegMAS read only after repairs\n\n",
                "The golden file records the repairs under `\"repairs\"`.\n\n",
                "| scenario | repairs |\n|---|---|\n"]
    seen = set()
    for kind in ("utilities", "analysis", "sao"):
        for key, r in sorted(status.get(kind, {}).items()):
            if "skip" in r:
                lines.append(f"| {kind} | {key} | {r['skip'].replace('|', '/')} |\n")
            if r.get("repairs") and key not in seen:
                seen.add(key)
                text = "<br>".join(x.replace("|", "/") for x in r["repairs"])
                repaired.append(f"| {key} | {text} |\n")
    (HERE / "SKIPPED.md").write_text("".join(lines + repaired), encoding="utf-8")
    t = ["# NegMAS 0.16.0 timings on the generating machine\n\n",
         "`calc_stats` = `Scenario.calc_stats()` alone (frontier, bargaining points, opposition, "
         "rational fraction); `sao` = the 9 SAO runs of one scenario; `wall` = whole child "
         "process (import, load, compute, write). Machine: 2 shared cores.\n\n",
         "| scenario | outcomes | parties | pareto points | calc_stats s | analysis wall s "
         "| sao s (9 runs) |\n|---|---|---|---|---|---|---|\n"]
    keys = sorted(set(status.get("analysis", {})) | set(status.get("sao", {})))
    for key in keys:
        a = status.get("analysis", {}).get(key, {})
        s = status.get("sao", {}).get(key, {})
        outcomes = a.get("outcomes", s.get("outcomes", ""))
        t.append(f"| {key} | {outcomes} | {a.get('parties', '')} | {a.get('pareto', '')} | "
                 f"{a.get('seconds', a.get('skip', ''))} | {a.get('wall', '')} | "
                 f"{s.get('seconds', s.get('skip', ''))} |\n")
    (HERE / "TIMINGS.md").write_text("".join(t), encoding="utf-8")


if __name__ == "__main__":
    main()
