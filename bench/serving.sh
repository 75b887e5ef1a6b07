#!/usr/bin/env bash
# The serving benchmarks (issue 6), end to end on this machine:
#   1. floor: a minimal Kestrel app answering a constant V2 response (slipway-bench --scenario floor), driven by wrk;
#   2. V2 REST, one row of 8 features against a linear ONNX model: requests/s with wrk (target >= 60 % of the floor),
#      then p99 at half that rate with the constant-rate generator (slipway-bench --scenario open-loop; target <= 2 ms);
#   3. gRPC ModelInfer, 1,000 rows a request as raw_input_contents FP32, several concurrent calls (target >= 1,000,000
#      rows/s);
#   4. inference logging: the V2 REST figure for a deployment with log_sample_rate 1 against the same model with 0
#      (target: at most 10 % fewer requests/s).
# Builds Release, starts `slipway server --grpc-port` on a fresh data directory (loopback, no users: single-user mode, so
# no authentication; inference endpoints still pass the access-control middleware) and the floor app, registers and
# deploys the model (slipway-bench --scenario serving-setup), then measures $ROUNDS rounds (default 3) of floor, model
# and logged model in turn so that machine noise spreads over all three, and prints every run and the medians.
#   bash bench/serving.sh
#   DURATION=10 ROUNDS=3 THREADS=2 CONNECTIONS=32 bash bench/serving.sh
# Needs wrk (Debian package `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SLIPWAY_BENCH_PORT:-5058}"
grpc_port=$((port + 1))
floor_port=$((port + 2))
duration="${DURATION:-10}"
rounds="${ROUNDS:-3}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
grpc_calls="${GRPC_CALLS:-8}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

dotnet build src/Slipway.Cli -c Release -nologo -v quiet
dotnet build bench/Slipway.Bench -c Release -nologo -v quiet
bench=bench/Slipway.Bench/bin/Release/net10.0/slipway-bench.dll

store=""
SLIPWAY_BENCH_SERVER_ARGS="--grpc-port $grpc_port ${SLIPWAY_BENCH_SERVER_ARGS:-}"
source bench/start-server.sh

# The floor runs with the runtime settings `slipway` has in its runtimeconfig (src/Slipway.Cli/Slipway.Cli.csproj):
# server GC, concurrent, no dynamic adaptation; only the app differs.
DOTNET_gcServer=1 DOTNET_gcConcurrent=1 DOTNET_GCDynamicAdaptationMode=0 dotnet "$bench" --scenario floor --port "$floor_port" >"$data/floor.log" 2>&1 &
floor_pid=$!
trap 'kill "$floor_pid" "$server_pid" 2>/dev/null; wait "$floor_pid" "$server_pid" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$data/floor.log" 2>/dev/null && break
  sleep 0.2
done

base="http://127.0.0.1:$port"
dotnet "$bench" --url "$base/" --scenario serving-setup --data-dir "$data" --deployments linear=0 linear-logged=1

load() { cut -d' ' -f1 /proc/loadavg; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# CPU time (user + system, in clock ticks) the process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk on one endpoint of process $3: 5 s warm-up, $duration s measured. Prints "requests/s p50 p99 non-2xx
# load-before cpu-µs-per-request": the last is the serving process's own CPU time per request, which other work on
# the machine disturbs far less than the request rate.
measure() {
  local url=$1 path=$2 pid=$3 before out ticks_before ticks_after requests
  wrk -t"$threads" -c"$connections" -d5s -s bench/wrk/infer.lua "$url" -- "$path" >/dev/null
  before=$(load)
  ticks_before=$(cpu_ticks "$pid")
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/wrk/infer.lua "$url" -- "$path")
  ticks_after=$(cpu_ticks "$pid")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0) $before $(awk -v t=$((ticks_after - ticks_before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1000000 / hz / n}')"
}

echo
echo "# $(date -u +%Y-%m-%dT%H:%MZ) cores=$(nproc) $(dotnet --version) wrk -t$threads -c$connections -d${duration}s, $rounds rounds"
echo "| round | endpoint | requests/s | p50 | p99 | non-2xx | load average before | server CPU µs/request |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
floor_rps=() model_rps=() logged_rps=()
for round in $(seq "$rounds"); do
  read -r rps p50 p99 errors before cpu < <(measure "http://127.0.0.1:$floor_port" /v2/models/linear/infer "$floor_pid")
  echo "| $round | floor (constant) | $rps | $p50 | $p99 | $errors | $before | $cpu |"
  floor_rps+=("$rps")
  read -r rps p50 p99 errors before cpu < <(measure "$base" /v2/models/linear/infer "$server_pid")
  echo "| $round | V2 REST, log_sample_rate 0 | $rps | $p50 | $p99 | $errors | $before | $cpu |"
  model_rps+=("$rps")
  read -r rps p50 p99 errors before cpu < <(measure "$base" /v2/models/linear-logged/infer "$server_pid")
  echo "| $round | V2 REST, log_sample_rate 1 | $rps | $p50 | $p99 | $errors | $before | $cpu |"
  logged_rps+=("$rps")
done

floor=$(printf '%s\n' "${floor_rps[@]}" | median)
model=$(printf '%s\n' "${model_rps[@]}" | median)
logged=$(printf '%s\n' "${logged_rps[@]}" | median)
half=$((${model%.*} / 2))

echo
echo "# open loop at half the model's median ($half requests/s), $connections connections, 5 s warm-up, ${duration}s measured;"
echo "# the floor at the same rate, run by run, shows what the machine and the generator alone put in the tail"
echo "| run | endpoint | load average before | target req/s | connections | requests | errors | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | generator lag p99 ms |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
p99s=() floor_p99s=()
for run in $(seq "$rounds"); do
  before=$(load)
  row=$(dotnet "$bench" --url "http://127.0.0.1:$floor_port/" --scenario open-loop --rate "$half" --connections "$connections" --warmup 5 --duration "$duration" | tail -1)
  echo "| $run | floor | $before $row"
  floor_p99s+=("$(awk -F'|' '{gsub(/ /, "", $9); print $9}' <<<"$row")")
  before=$(load)
  row=$(dotnet "$bench" --url "$base/" --scenario open-loop --rate "$half" --connections "$connections" --warmup 5 --duration "$duration" | tail -1)
  echo "| $run | V2 REST | $before $row"
  p99s+=("$(awk -F'|' '{gsub(/ /, "", $9); print $9}' <<<"$row")")
done
floor_p99=$(printf '%s\n' "${floor_p99s[@]}" | median)
p99=$(printf '%s\n' "${p99s[@]}" | median)

echo
echo "# gRPC ModelInfer, 1,000 rows a request (raw FP32), $grpc_calls concurrent calls on 2 HTTP/2 connections, 5 s warm-up, ${duration}s measured"
echo "| run | load average before | scenario | concurrent calls | requests | errors | requests/s | rows/s | p50 ms | p99 ms |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
grpc_rows=()
for run in $(seq "$rounds"); do
  before=$(load)
  row=$(dotnet "$bench" --scenario grpc-infer --grpc-url "http://127.0.0.1:$grpc_port" --model linear --rows 1000 --calls "$grpc_calls" \
    --warmup 5 --duration "$duration" | tail -1)
  echo "| $run | $before $row"
  grpc_rows+=("$(awk -F'|' '{gsub(/[ ,]/, "", $7); print $7}' <<<"$row")")
done
rows=$(printf '%s\n' "${grpc_rows[@]}" | median)

echo
echo "# medians against the targets"
awk -v floor="$floor" -v model="$model" -v logged="$logged" -v p99="$p99" -v floor_p99="$floor_p99" -v rows="$rows" 'BEGIN {
  printf "| target | measured | status |\n|---|---|---|\n"
  printf "| V2 REST >= 60 %% of the floor | %d / %d = %.1f %% | %s |\n", model, floor, 100 * model / floor, (model >= 0.6 * floor) ? "met" : "NOT met"
  printf "| p99 <= 2 ms at half load | %.3f ms (the floor at the same rate: %.3f ms) | %s |\n", p99, floor_p99, (p99 <= 2) ? "met" : "NOT met"
  printf "| gRPC >= 1,000,000 rows/s | %d rows/s | %s |\n", rows, (rows >= 1000000) ? "met" : "NOT met"
  printf "| logging costs <= 10 %% | %d against %d: %.1f %% | %s |\n", logged, model, 100 * (model - logged) / model, (logged >= 0.9 * model) ? "met" : "NOT met"
}'
