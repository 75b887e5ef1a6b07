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

source bench/start-server.sh

echo "# $(date -u +%Y-%m-%dT%H:%MZ) store=${store:-sqlite} cores=$(nproc) $(dotnet --version)"
dotnet bench/Slipway.Bench/bin/Release/net10.0/slipway-bench.dll --url "http://127.0.0.1:$port/" "$@"
