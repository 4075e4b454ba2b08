#!/usr/bin/env bash
# One command for the analysis benchmark: release build, then bench.py (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p detente-cli
exec python3 bench/bench.py "$@"
