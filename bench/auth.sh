#!/usr/bin/env bash
# Authentication and authorization overhead (the access-control issue's target: at most 5 % on log-metric and
# search-runs). Starts `slipway server` on a fresh SQLite data directory three ways, one after another, $ROUNDS
# times (default 2) so that machine noise spreads over all three:
#   off    single-user mode (loopback, no users): no authentication at all
#   token  authentication on; requests carry an API token (Bearer), the cached hash lookup path
#   basic  authentication on; requests carry HTTP Basic credentials, the cached verified-password path
# Each time: log-metric with wrk (32 connections, $DURATION s, default 10) and runs/search with the C#
# generator (10,000 runs seeded, filter and order as in bench/README.md, page 100, 1 connection).
#   bash bench/auth.sh
# Needs wrk (Debian package `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SLIPWAY_BENCH_PORT:-5057}"
duration="${DURATION:-10}"
rounds="${ROUNDS:-2}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
dotnet build src/Slipway.Cli -c Release -nologo -v quiet
dotnet build bench/Slipway.Bench -c Release -nologo -v quiet
base="http://127.0.0.1:$port"
admin_password="bench-admin-password"

measure() {
  local mode=$1 authorization=""
  store=""
  if [[ $mode == off ]]; then
    unset SLIPWAY_ADMIN_PASSWORD
  else
    export SLIPWAY_ADMIN_PASSWORD=$admin_password
  fi
  (
    source bench/start-server.sh
    local basic="Basic $(printf 'admin:%s' "$admin_password" | base64 -w0)"
    case $mode in
      basic) authorization=$basic ;;
      token) authorization="Bearer $(curl -fs -X POST "$base/api/v1/tokens" -H "Authorization: $basic" -H 'Content-Type: application/json' \
               -d '{"name":"bench","scopes":["write"]}' | sed 's/.*"token":"\(slw_[A-Za-z0-9_-]*\)".*/\1/')" ;;
    esac
    export SLIPWAY_BENCH_AUTHORIZATION=$authorization
    post() { curl -fs -X POST "$base/api/2.0/mlflow/$1" -H 'Content-Type: application/json' ${authorization:+-H "Authorization: $authorization"} -d "$2"; }
    experiment=$(post experiments/create "{\"name\":\"auth-$(date +%s%N)\"}" | sed 's/.*"experiment_id":"\([0-9]*\)".*/\1/')
    run=$(post runs/create "{\"experiment_id\":\"$experiment\"}" | sed 's/.*"run_id":"\([0-9a-f]*\)".*/\1/')
    wrk -t2 -c32 -d5s -s bench/wrk/log-metric.lua "$base" -- "$run" >/dev/null
    out=$(wrk -t2 -c32 -d"${duration}s" --latency -s bench/wrk/log-metric.lua "$base" -- "$run")
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    search=$(dotnet bench/Slipway.Bench/bin/Release/net10.0/slipway-bench.dll --url "$base/" --scenario search \
      --search-page-sizes 100 --search-connections 1 --duration "$duration" | grep '^| runs/search')
    # | scenario | connections | requests | errors | requests/s | values/s | p50 ms | p99 ms |
    echo "| $mode | $rps | ${errors:-0} | $(awk -F'|' '{gsub(/ /,""); print $6 " | " $8 " | " $9 " | " $5}' <<<"$search") |"
  )
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) sqlite cores=$(nproc) $(dotnet --version) wrk -t2 -c32 -d${duration}s; search page 100, 1 connection"
echo "| authentication | log-metric req/s | non-2xx | search req/s | search p50 ms | search p99 ms | search errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for _ in $(seq "$rounds"); do
  for mode in off token basic; do
    measure "$mode"
  done
done
