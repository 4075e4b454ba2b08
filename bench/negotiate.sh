#!/usr/bin/env bash
# Negotiation throughput: detente vs NegMAS in the same run (see bench/README.md, "negotiate").
# Boulware vs Boulware, 100 steps, the 1000-outcome fixture; detente on 1 and 2 threads.
# Usage: bench/negotiate.sh [detente negotiations (default 50000)] [NegMAS negotiations (default 100)]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p detente-cli >&2
echo "machine: $(nproc) cores, $(uname -sm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec python3 bench/negotiate.py "$@"
