"""Regenerates negmas_sao_random.json: random linear-additive scenarios negotiated by NegMAS's
time-based negotiators, for detente's SAO/aspiration cross-check (tests/negmas_sao.rs).

Run with NegMAS 0.16 installed: python3 gen_negmas_sao.py > negmas_sao_random.json
Only NegMAS's *outputs* are stored; no NegMAS code is copied.
"""
import json
import random

from negmas import SAOMechanism, make_issue
from negmas.outcomes import make_os
from negmas.preferences import LinearAdditiveUtilityFunction as U
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator

AGENTS = {"boulware": BoulwareTBNegotiator, "linear": LinearTBNegotiator, "conceder": ConcederTBNegotiator}


def table_fn(table):
    return lambda x: table[x]


cases = []
for seed in range(40):
    rng = random.Random(seed)
    sizes = [rng.randint(2, 9) for _ in range(rng.randint(1, 4))]
    issues = [make_issue(n, f"i{k}") for k, n in enumerate(sizes)]
    space = make_os(issues)
    parties = []
    for _ in range(2):
        tables = [[round(rng.random(), 6) for _ in range(n)] for n in sizes]
        weights = [rng.random() for _ in sizes]
        total = sum(weights)
        weights = [w / total for w in weights]
        reserved = rng.choice([0.0, round(rng.random() * 0.6, 6)])
        parties.append({"tables": tables, "weights": weights, "reserved": reserved})
    n_steps = rng.choice([10, 20, 50, 100])
    runs = []
    for a in AGENTS:
        for b in AGENTS:
            ufuns = [
                U(
                    values={f"i{k}": table_fn(t) for k, t in enumerate(p["tables"])},
                    weights={f"i{k}": w for k, w in enumerate(p["weights"])},
                    outcome_space=space,
                    reserved_value=p["reserved"],
                )
                for p in parties
            ]
            m = SAOMechanism(outcome_space=space, n_steps=n_steps)
            m.add(AGENTS[a](), ufun=ufuns[0])
            m.add(AGENTS[b](), ufun=ufuns[1])
            m.run()
            agreement = m.agreement
            runs.append(
                {
                    "agents": [a, b],
                    "agreement": list(agreement) if agreement is not None else None,
                    "utilities": [float(u(agreement)) for u in ufuns] if agreement is not None else None,
                    "step": m.state.step,
                    "timedout": m.state.timedout,
                }
            )
    cases.append({"seed": seed, "sizes": sizes, "n_steps": n_steps, "parties": parties, "runs": runs})

print(json.dumps({"negmas": "0.16.0", "cases": cases}))
