"""NegMAS side of bench/negotiate.sh: Boulware vs Boulware (BoulwareTBNegotiator), 100 steps, on one
scenario, one negotiation after another in this process; prints one JSON line.

Each negotiation builds a fresh SAOMechanism and fresh negotiators (whose inverters sort the outcomes
again), as a NegMAS user running a batch would.
"""
import argparse
import json
import time

from negmas import Scenario
from negmas.sao import BoulwareTBNegotiator, SAOMechanism

parser = argparse.ArgumentParser()
parser.add_argument("scenario")
parser.add_argument("--negotiations", type=int, default=100)
parser.add_argument("--steps", type=int, default=100)
args = parser.parse_args()

scenario = Scenario.load(args.scenario, ignore_discount=True)
ufuns = scenario.ufuns
agreements = 0
started = time.perf_counter()
for _ in range(args.negotiations):
    m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=args.steps, sync_calls=True)
    for u in ufuns:
        m.add(BoulwareTBNegotiator(), ufun=u)
    state = m.run()
    agreements += state.agreement is not None
seconds = time.perf_counter() - started
print(json.dumps({
    "negotiations": args.negotiations,
    "agreements": agreements,
    "seconds": seconds,
    "per_second": args.negotiations / seconds,
}))
