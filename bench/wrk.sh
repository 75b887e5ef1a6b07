#!/usr/bin/env bash
# The ingestion scenarios (log-batch, log-metric, runs/create) and get-history driven by wrk, a C load generator that leaves
# more of the machine's two cores to the server than the C# generator does. Starts `slipway server` on a fresh
# data directory (SQLite by default, or the store URI given as $1), warms each scenario up for 5 s, measures it
# for $DURATION seconds (default 10) on 2 threads, with 8 connections for log-batch (each request to one of 8
# runs, in turn) and $CONNECTIONS (default 32) for log-metric and runs/create, then get-history of a
# 10,000-step metric on 1 connection, and stops the server.
#   bash bench/wrk.sh
#   bash bench/wrk.sh postgresql://u:p@127.0.0.1:5432/db
# Needs wrk (Debian package `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-}"
port="${SLIPWAY_BENCH_PORT:-5056}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

dotnet build src/Slipway.Cli -c Release -nologo -v quiet

source bench/start-server.sh

base="http://127.0.0.1:$port"
post() { curl -fs -X POST "$base/api/2.0/mlflow/$1" -H 'Content-Type: application/json' -d "$2"; }
experiment=$(post experiments/create "{\"name\":\"wrk-$(date +%s%N)\"}" | sed 's/.*"experiment_id":"\([0-9]*\)".*/\1/')
new_run() { post runs/create "{\"experiment_id\":\"$experiment\"}" | sed 's/.*"run_id":"\([0-9a-f]*\)".*/\1/'; }
run=$(new_run)
batch_runs=$(for _ in $(seq 8); do new_run; echo; done | paste -sd,)

# A 10,000-step metric, logged 1,000 steps per call, for get-history.
history_run=$(new_run)
for start in $(seq 0 1000 9000); do
  post runs/log-batch "$(awk -v run="$history_run" -v start="$start" 'BEGIN {
    printf "{\"run_id\":\"%s\",\"metrics\":[", run
    for (s = start; s < start + 1000; s++) printf "%s{\"key\":\"loss\",\"value\":%.17g,\"timestamp\":%d,\"step\":%d}", (s > start ? "," : ""), 1 / (s + 1), 1700000000000 + s, s
    printf "]}" }')" >/dev/null
done

echo "# $(date -u +%Y-%m-%dT%H:%MZ) store=${store:-sqlite} cores=$(nproc) $(dotnet --version) wrk -t2 -d${duration}s"
echo "| scenario | connections | requests/s | values/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure() {
  local name=$1 script=$2 arg=$3 conns=$4 values=$5
  local threads=$(( conns < 2 ? conns : 2 ))
  wrk -t"$threads" -c"$conns" -d5s -s "bench/wrk/$script" "$base" -- "$arg" >/dev/null
  local out
  out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "bench/wrk/$script" "$base" -- "$arg")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $name | $conns | $rps | $([[ -n $values ]] && echo $((rps * values)) || echo -) | $p50 | $p99 | ${errors:-0} |"
}
measure "log-batch (1000 metrics)" log-batch.lua "$batch_runs" 8 1000
measure log-metric log-metric.lua "$run" "$connections" ""
measure runs/create create-run.lua "$experiment" "$connections" ""
measure "metrics/get-history (10000 steps)" get.lua "/api/2.0/mlflow/metrics/get-history?run_id=$history_run&metric_key=loss" 1 10000
