#!/usr/bin/env python3
"""Generate detente's own random negotiation scenarios in GENIUS XML.

Writes one folder per scenario under `tests/fixtures/generated/<name>/`:
`domain.xml` (root `negotiation_template`) and `party1.xml`, `party2.xml`
[, `party3.xml`] (root `utility_space`, linear-additive).

The output is fully determined by the seeds below (no clock, no machine
state), so re-running the script reproduces the committed files byte for
byte. The scenarios are detente's own data (MIT OR Apache-2.0).

Usage (from the repository root):
    python3 tests/golden/negmas/generate_fixtures.py [--out DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "generated"

# Value labels: deliberately not in lexicographic order ("v10" < "v2") and
# shuffled per issue, so a reader that sorts values instead of keeping the
# document order gets different outcome ranks.
WORDS = [
    "amber", "basil", "cedar", "delta", "ember", "flint", "grove", "heron",
    "iris", "jade", "kelp", "lumen", "maple", "nectar", "onyx", "pearl",
]


@dataclass
class DiscreteIssue:
    name: str
    values: list[str]


@dataclass
class IntegerIssue:
    name: str
    lower: int
    upper: int


@dataclass
class Spec:
    """What one generated scenario looks like (its randomness comes from `seed`)."""

    name: str
    seed: int
    sizes: list[int]  # number of values of each discrete issue
    parties: int = 2
    # (position, lower, upper) of integer issues inserted among the discrete ones
    integer_issues: list[tuple[int, int, int]] = field(default_factory=list)
    # evaluation style: "int" = integers 0..10, "unit" = floats in [0, 1] whose
    # best per issue is exactly 1.0, "ties" = integers from {0, 5, 10}
    evaluations: str = "int"
    # party 2 mirrors party 1's evaluations (10 - e, plus noise): strong opposition,
    # long frontiers and long negotiations
    opposed: bool = False
    discount: list[float | None] | None = None  # per party; None = no element
    reservation: list[float | None] | None = None  # per party; None = no element
    description: str = ""


SPECS = [
    Spec("gen-2p-10", seed=101, sizes=[2, 5], discount=[0.9, None],
         description="2 parties, 10 outcomes; party1 discounted (0.9)"),
    Spec("gen-2p-100", seed=102, sizes=[4, 5, 5],
         description="2 parties, 100 outcomes"),
    Spec("gen-2p-1000", seed=103, sizes=[10, 10, 10], discount=[0.8, 0.95], opposed=True,
         description="2 parties, 1000 outcomes; both discounted; opposed preferences"),
    Spec("gen-2p-5000", seed=104, sizes=[10, 10, 10, 5], opposed=True,
         description="2 parties, 5000 outcomes; opposed preferences"),
    Spec("gen-3p-100", seed=105, sizes=[5, 4, 5], parties=3, discount=[None, 0.7, None],
         description="3 parties, 100 outcomes"),
    Spec("gen-3p-2000", seed=106, sizes=[10, 10, 5, 4], parties=3, opposed=True,
         description="3 parties, 2000 outcomes; party2 opposed to party1, party3 independent"),
    Spec("gen-2p-integer", seed=107, sizes=[4, 3], integer_issues=[(1, 1, 20)],
         description="2 parties, discrete + integer issue (1..20, linear evaluators), 240 outcomes"),
    Spec("gen-2p-unitbest", seed=108, sizes=[6, 5, 4, 3], evaluations="unit",
         description="2 parties, 360 outcomes; every issue's best evaluation is exactly 1.0 "
         "(GENIUS and raw readings agree)"),
    Spec("gen-2p-ties", seed=109, sizes=[3, 3, 3, 2], evaluations="ties",
         reservation=[0.25, None],
         description="2 parties, 54 outcomes; evaluations from {0,5,10} and equal weights give "
         "many duplicate utility vectors, and both parties score the two values of the last "
         "issue alike, so every utility vector occurs at least twice (Pareto tie-breaking); "
         "party2 has no reservation element"),
]


def make_issues(spec: Spec, rng: random.Random) -> list[DiscreteIssue | IntegerIssue]:
    issues: list[DiscreteIssue | IntegerIssue] = []
    for k, size in enumerate(spec.sizes):
        # the numeric suffix keeps labels unique; the word varies
        labels = [f"{rng.choice(WORDS)}-v{j + 1}" for j in range(size)]
        rng.shuffle(labels)
        issues.append(DiscreteIssue(f"issue{k + 1}", labels))
    for position, lower, upper in spec.integer_issues:
        issues.insert(position, IntegerIssue("quantity", lower, upper))
    return issues


def random_weights(n: int, rng: random.Random) -> list[str]:
    """Weights with 4 decimals that sum to exactly 1 in decimal."""
    raw = [rng.uniform(0.2, 1.0) for _ in range(n)]
    total = sum(raw)
    ints = [round(10000 * r / total) for r in raw]
    ints[-1] = 10000 - sum(ints[:-1])
    return [f"{i / 10000:.4f}" for i in ints]


def evaluations(style: str, n: int, rng: random.Random, last_issue: bool) -> list[str]:
    if style == "int":
        while True:
            evs = [rng.randint(0, 10) for _ in range(n)]
            if max(evs) > 0:
                return [str(e) for e in evs]
    if style == "ties" and last_issue:
        return ["10"] * n
    if style == "ties":
        evs = [rng.choice([0, 5, 10]) for _ in range(n)]
        evs[rng.randrange(n)] = 10
        return [str(e) for e in evs]
    if style == "unit":
        evs = [f"{rng.uniform(0.0, 1.0):.3f}" for _ in range(n)]
        evs[rng.randrange(n)] = "1.0"
        return evs
    raise ValueError(style)


def issue_open(index: int, issue: DiscreteIssue | IntegerIssue, indent: str) -> str:
    if isinstance(issue, DiscreteIssue):
        return (f'{indent}<issue index="{index}" etype="discrete" type="discrete" '
                f'vtype="discrete" name={quoteattr(issue.name)}>\n')
    return (f'{indent}<issue index="{index}" etype="integer" type="integer" vtype="integer" '
            f'name={quoteattr(issue.name)} lowerbound="{issue.lower}" '
            f'upperbound="{issue.upper}">\n')


def domain_xml(name: str, issues: list[DiscreteIssue | IntegerIssue]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<negotiation_template>\n",
           f'  <utility_space number_of_issues="{len(issues)}">\n',
           f'    <objective index="0" etype="objective" type="objective" description="" '
           f'name={quoteattr(name)}>\n']
    for k, issue in enumerate(issues, start=1):
        out.append(issue_open(k, issue, "      "))
        if isinstance(issue, DiscreteIssue):
            for j, value in enumerate(issue.values, start=1):
                out.append(f'        <item index="{j}" value={quoteattr(value)}/>\n')
        out.append("      </issue>\n")
    out += ["    </objective>\n", "  </utility_space>\n", "</negotiation_template>\n"]
    return "".join(out)


def profile_xml(name: str, issues: list[DiscreteIssue | IntegerIssue], spec: Spec,
                party: int, rng: random.Random, first: dict[int, list[str]]) -> str:
    """One party's profile; `first` collects party 1's evaluations (for `opposed`)."""
    weights = random_weights(len(issues), rng)
    if spec.evaluations == "ties":
        weights = [f"{1 / len(issues):.17g}" for _ in issues]
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<utility_space number_of_issues="{len(issues)}">\n',
           f'  <objective index="0" etype="objective" type="objective" description="" '
           f'name={quoteattr(name)}>\n']
    for k, issue in enumerate(issues, start=1):
        out.append(issue_open(k, issue, "    "))
        if isinstance(issue, DiscreteIssue):
            evs = evaluations(spec.evaluations, len(issue.values), rng, k == len(issues))
            if party == 0:
                first[k] = evs
            elif party == 1 and spec.opposed:
                evs = [str(min(10, max(0, 10 - int(e) + rng.randint(-2, 2))))
                       for e in first[k]]
                if all(e == "0" for e in evs):
                    evs[0] = "10"
            for j, (value, ev) in enumerate(zip(issue.values, evs), start=1):
                out.append(f'      <item index="{j}" value={quoteattr(value)} '
                           f'evaluation="{ev}"/>\n')
        else:
            span = issue.upper - issue.lower
            # party 1 prefers less, the others more: u(x) = slope * x + offset
            if party == 0:
                slope, offset = -1.0 / span, issue.upper / span
            else:
                slope, offset = 1.0 / span, -issue.lower / span
            out.append(f'      <evaluator ftype="linear" slope="{slope:.17g}" '
                       f'offset="{offset:.17g}"/>\n')
        out.append("    </issue>\n")
    for k, w in enumerate(weights, start=1):
        out.append(f'    <weight index="{k}" value="{w}"/>\n')
    out.append("  </objective>\n")
    reservation = (spec.reservation[party] if spec.reservation is not None
                   else round(rng.uniform(0.1, 0.6), 3))
    if reservation is not None:
        out.append(f'  <reservation value="{reservation}"/>\n')
    discount = spec.discount[party] if spec.discount is not None else None
    if discount is not None:
        out.append(f'  <discount_factor value="{discount}"/>\n')
    out.append("</utility_space>\n")
    return "".join(out)


def write_scenario(spec: Spec, out_dir: Path) -> None:
    rng = random.Random(spec.seed)
    issues = make_issues(spec, rng)
    folder = out_dir / spec.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "domain.xml").write_text(domain_xml(spec.name, issues), encoding="utf-8")
    first: dict[int, list[str]] = {}
    for party in range(spec.parties):
        text = profile_xml(spec.name, issues, spec, party, rng, first)
        (folder / f"party{party + 1}.xml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["# Generated scenarios\n\n",
             "Written by `tests/golden/negmas/generate_fixtures.py` (seeded; do not edit by hand).\n",
             "detente's own data, MIT OR Apache-2.0.\n\n",
             "| scenario | seed | description |\n|---|---|---|\n"]
    for spec in SPECS:
        write_scenario(spec, args.out)
        lines.append(f"| {spec.name} | {spec.seed} | {spec.description} |\n")
    (args.out / "README.md").write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
