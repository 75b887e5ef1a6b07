# Sourced by bench/run.sh and bench/wrk.sh: starts a Release `slipway server` on 127.0.0.1:$port with a fresh
# data directory ($data) and the store URI in $store (SQLite when empty), waits for /health/ready, and removes
# both on exit. Extra server arguments come from $SLIPWAY_BENCH_SERVER_ARGS.
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
