"""Three-party SAO runs of NegMAS 0.16's time-based negotiators on the generated 3-party fixtures,
for detente's multilateral SAO check (tests/golden_sao.rs). All 27 ordered triples of
boulware/linear/conceder, 100 steps, first agent = first profile; each run twice: as NegMAS ships
("official", numpy's default argsort) and with a stable argsort in NegMAS's presorting inverter
("stable", see negmas_stable_sao.py for why).

Run from the repository root with NegMAS 0.16 installed:
    python3 crates/detente-cli/tests/data/negmas_sao_multilateral.py \\
        > crates/detente-cli/tests/data/negmas_sao_multilateral.json
"""
import itertools
import json

from negmas import Scenario
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator, SAOMechanism

from stable_argsort import use_stable_argsort

AGENTS = {"boulware": BoulwareTBNegotiator, "linear": LinearTBNegotiator, "conceder": ConcederTBNegotiator}


def runs(name):
    scenario = Scenario.load(f"tests/fixtures/generated/{name}", ignore_discount=True)
    out = []
    for combo in itertools.product(AGENTS, repeat=3):
        m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=100, sync_calls=True)
        for kind, ufun in zip(combo, scenario.ufuns):
            m.add(AGENTS[kind](), ufun=ufun)
        state = m.run()
        utilities = [float(u(state.agreement)) for u in scenario.ufuns] if state.agreement else None
        out.append({"agents": list(combo), "step": state.step, "utilities": utilities})
    return out


doc = {"negmas": "0.16.0", "n_steps": 100, "official": {}, "stable": {}}
names = ["gen-3p-100", "gen-3p-2000"]
for name in names:
    doc["official"][name] = runs(name)
use_stable_argsort()
for name in names:
    doc["stable"][name] = runs(name)
print(json.dumps(doc, indent=0))
