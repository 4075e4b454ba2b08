#!/usr/bin/env bash
# Negotiation throughput: detente vs NegMAS in the same run (see bench/README.md, "negotiate").
# Boulware vs Boulware, 100 steps, the 1000-outcome fixture; detente on 1 and 2 threads.
# Usage: bench/negotiate.sh [detente negotiations (default 50000)] [NegMAS negotiations (default 100)]
set -euo pipefail
cd "$(dirname "$0")/.."
N_DETENTE="${1:-50000}"
N_NEGMAS="${2:-100}"
SCENARIO=tests/fixtures/generated/gen-2p-1000
cargo build --release -p detente-cli >&2
BIN=target/release/detente

detente() {
  "$BIN" negotiate "$SCENARIO" --evaluation raw --agents boulware,boulware --steps 100 \
    --repeat "$N_DETENTE" --threads "$1" --format json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("negotiations","agreement_rate","seconds","per_second","threads")}))'
}

echo "machine: $(nproc) cores, $(uname -sm)"
one=$(detente 1)
echo "detente, 1 thread : $one"
two=$(detente 2)
echo "detente, 2 threads: $two"
negmas=$(python3 bench/negotiate_negmas.py "$SCENARIO" --negotiations "$N_NEGMAS" --steps 100 2>/dev/null)
echo "NegMAS 0.16       : $negmas"
python3 - "$one" "$two" "$negmas" <<'PY'
import json, sys
one, two, negmas = (json.loads(x) for x in sys.argv[1:])
print(f"speed-up over NegMAS (1 thread): {one['per_second'] / negmas['per_second']:.0f}x")
print(f"scaling 1 -> 2 threads: {two['per_second'] / one['per_second']:.2f}x")
PY
