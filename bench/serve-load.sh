#!/usr/bin/env bash
# Load benchmark of `detente serve` on embedded SQLite, on loopback:
# 1,000 open talks, 64 concurrent clients, each exchange = the mediator's question + the
# delegation's answer (both durable writes). Prints answers/s and answer latency percentiles.
#   bench/serve-load.sh [TALKS] [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
TALKS="${1:-1000}"; CLIENTS="${2:-64}"; SECONDS_RUN="${3:-20}"
cargo build --release -q -p detente-cli -p detente-server --example serve-load
dir="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
target/release/detente serve --db "$dir/load.db" --bind 127.0.0.1:0 > "$dir/server.out" &
server=$!
for _ in $(seq 100); do grep -q listening "$dir/server.out" 2>/dev/null && break; sleep 0.1; done
base="$(grep -o 'http://[0-9.:]*' "$dir/server.out")"
target/release/examples/serve-load --base "$base" --talks "$TALKS" --clients "$CLIENTS" --seconds "$SECONDS_RUN"
target/release/detente audit verify --db "$dir/load.db"
