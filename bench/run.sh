#!/usr/bin/env bash
# Reproduces the figures in bench/README.md: builds Release, starts `slipway server` on a fresh data
# directory (SQLite by default, or the store URI given as $1), runs the load generator on the same
# machine, then stops the server and removes the data directory.
#   bash bench/run.sh                                   # SQLite
#   bash bench/run.sh postgresql://u:p@127.0.0.1:5432/db  # PostgreSQL
# Extra arguments after the store go to the load generator (e.g. --scenario search --duration 5).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-}"
shift || true
port="${SLIPWAY_BENCH_PORT:-5055}"

dotnet build src/Slipway.Cli -c Release -nologo -v quiet
dotnet build bench/Slipway.Bench -c Release -nologo -v quiet

data="$(mktemp -d /tmp/slipway-bench.XXXXXX)"
server_args=(server --host 127.0.0.1 --port "$port" --data-dir "$data" ${SLIPWAY_BENCH_SERVER_ARGS:-})
[[ -n "$store" ]] && server_args+=(--store "$store")
dotnet src/Slipway.Cli/bin/Release/net10.0/slipway.dll "${server_args[@]}" >"$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$data/server.log"; exit 1; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ) store=${store:-sqlite} cores=$(nproc) $(dotnet --version)"
dotnet bench/Slipway.Bench/bin/Release/net10.0/slipway-bench.dll --url "http://127.0.0.1:$port/" "$@"
