"""Driver of bench/negotiate.sh: detente vs NegMAS negotiation throughput in one run.

Measures wall-clock throughput (what a user waits for) and CPU throughput (negotiations per second of
CPU time: robust when the machine is shared, as both sides then lose wall time to other work).
"""
import json
import resource
import subprocess
import sys
import time

from negmas import Scenario
from negmas.sao import BoulwareTBNegotiator, SAOMechanism

SCENARIO = "tests/fixtures/generated/gen-2p-1000"
STEPS = 100


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def detente(n, threads):
    cpu0 = children_cpu()
    out = subprocess.run(
        ["target/release/detente", "negotiate", SCENARIO, "--evaluation", "raw", "--agents",
         "boulware,boulware", "--steps", str(STEPS), "--repeat", str(n), "--threads", str(threads),
         "--format", "json"],
        check=True, capture_output=True, text=True).stdout
    cpu = children_cpu() - cpu0
    d = json.loads(out)
    return {"negotiations": n, "threads": d["threads"], "agreement_rate": d["agreement_rate"],
            "mean_steps": d["mean_steps"], "wall_per_second": round(d["per_second"]),
            "cpu_seconds_process": round(cpu, 3), "cpu_per_second": round(n / cpu)}


def negmas(n):
    scenario = Scenario.load(SCENARIO, ignore_discount=True)
    agreements, steps = 0, 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        m = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=STEPS, sync_calls=True)
        for u in scenario.ufuns:
            m.add(BoulwareTBNegotiator(), ufun=u)
        state = m.run()
        agreements += state.agreement is not None
        steps += state.step
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"negotiations": n, "agreement_rate": agreements / n, "mean_steps": steps / n,
            "wall_per_second": round(n / wall, 2), "cpu_per_second": round(n / cpu, 2)}


def main():
    n_detente = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    n_negmas = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    one = detente(n_detente, 1)
    theirs = negmas(n_negmas)
    two = detente(n_detente, 2)
    print("detente, 1 thread :", json.dumps(one))
    print("detente, 2 threads:", json.dumps(two))
    print("NegMAS 0.16       :", json.dumps(theirs))
    print(f"speed-up over NegMAS, 1 thread: {one['wall_per_second'] / theirs['wall_per_second']:.0f}x wall-clock, "
          f"{one['cpu_per_second'] / theirs['cpu_per_second']:.0f}x per CPU second")
    print(f"scaling 1 -> 2 threads (wall-clock): {two['wall_per_second'] / one['wall_per_second']:.2f}x")


main()
