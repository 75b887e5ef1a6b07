#!/usr/bin/env bash
# Pipeline orchestration over the real server (the pipelines issue's targets):
#   1. overhead per step on a chain of no-op steps: process exit -> dependents ready, and ready -> process start (p50, p95);
#   2. a 1,000-step DAG of no-op steps (50 layers of 20, each step needing two of the layer before), wall time;
#   3. a 100-step pipeline run again unchanged, every step a cache hit, wall time of the second run.
# Usage: bash bench/pipelines.sh [chain-steps=200]
set -euo pipefail
cd "$(dirname "$0")/.."
chain="${1:-200}"
port="${SLIPWAY_BENCH_PORT:-5098}"
store=""

dotnet build src/Slipway.Cli -c Release -nologo -v quiet >/dev/null
source bench/start-server.sh
work="$(mktemp -d /tmp/slipway-pipeline-bench.XXXXXX)"
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$data" "$work"' EXIT

python3 - "http://127.0.0.1:$port" "$chain" <<'PY'
import json, random, statistics, sys, time, urllib.request

base, chain = sys.argv[1], int(sys.argv[2])

def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")

def run(spec):
    started = time.perf_counter()
    launched = call("POST", "/api/v1/pipeline-runs", {"spec": spec, "file_name": "bench.yaml"})
    run_id = launched["run"]["id"]
    while True:
        run = call("GET", f"/api/v1/pipeline-runs/{run_id}")
        if run["status"] in ("succeeded", "failed", "canceled"):
            elapsed = time.perf_counter() - started
            if run["status"] != "succeeded":
                raise SystemExit(f"run {run_id} {run['status']}: {run.get('message')}")
            return elapsed, run
        time.sleep(0.05)

def chain_spec(name, n, cache):
    lines = [f"name: {name}", "steps:"]
    for i in range(n):
        lines += [f"  s{i}:", '    run: "true"', f"    cache: {'true' if cache else 'false'}"]
        if i:
            lines.append(f"    needs: [s{i - 1}]")
    return "\n".join(lines) + "\n"

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

# 1. Overhead on a chain (cache off, so every step runs a process).
_, chained = run(chain_spec("overhead", chain, cache=False))
steps = chained["steps"]
exit_to_ready, ready_to_start = [], []
for before, after in zip(steps, steps[1:]):
    exited = before["attempt_history"][-1]["end_time"]
    ready = before["end_time"]
    started = after["attempt_history"][0]["start_time"]
    exit_to_ready.append(ready - exited)
    ready_to_start.append(started - ready)
print(f"chain of {chain} no-op steps (ms, timestamps at 1 ms resolution):")
print(f"  process exit -> dependents ready: p50 {pct(exit_to_ready, 50)} p95 {pct(exit_to_ready, 95)} max {max(exit_to_ready)}")
print(f"  ready -> process start:           p50 {pct(ready_to_start, 50)} p95 {pct(ready_to_start, 95)} max {max(ready_to_start)}")
total = (steps[-1]["end_time"] - steps[0]["start_time"]) / 1000
print(f"  whole chain: {total:.2f} s ({total / chain * 1000:.1f} ms per step including the process itself)")

# 2. A 1,000-step DAG.
rng = random.Random(7)
lines = ["name: dag1000", "steps:"]
layers, width = 50, 20
for layer in range(layers):
    for j in range(width):
        lines += [f"  l{layer}-{j}:", '    run: "true"', "    cache: false", "    resources: {cpu: 0.1}"]
        if layer:
            needs = sorted(rng.sample(range(width), 2))
            lines.append(f"    needs: [l{layer - 1}-{needs[0]}, l{layer - 1}-{needs[1]}]")
elapsed, _ = run("\n".join(lines) + "\n")
print(f"1,000-step DAG (50 layers x 20, cpu 0.1 each): {elapsed:.2f} s")

# 3. 100 cached steps.
spec = chain_spec("cached100", 100, cache=True)
first, _ = run(spec)
second, run2 = run(spec)
cached = sum(1 for s in run2["steps"] if s["status"] == "cached")
print(f"100-step chain: first run {first:.2f} s; unchanged re-run {second:.2f} s with {cached} of 100 steps cached")
PY
