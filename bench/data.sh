#!/usr/bin/env bash
# Dataset push and pull over loopback (the data issue's targets): a new version of N small files (1 to 10 KB),
# the same push again unchanged, one file changed, a fresh pull, and hashing plus storing one large file.
# Usage: bash bench/data.sh [files=100000] [large-file-MB=2048]
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-100000}"
large_mb="${2:-2048}"
port="${SLIPWAY_BENCH_PORT:-5097}"
store=""

dotnet build src/Slipway.Cli -c Release -nologo -v quiet >/dev/null
source bench/start-server.sh
work="$(mktemp -d /tmp/slipway-data-bench.XXXXXX)"
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$data" "$work"' EXIT
slipway=(dotnet src/Slipway.Cli/bin/Release/net10.0/slipway.dll --tracking-uri "http://127.0.0.1:$port")

python3 - "$work/small" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    d = os.path.join(root, f"shard-{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file-{i:06d}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 10240)))
PY
sync

timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'; }

echo "files=$files"
echo "push new version:        $(timed "${slipway[@]}" data push "$work/small" --name bench) s"
echo "push unchanged:          $(timed "${slipway[@]}" data push "$work/small" --name bench) s"
echo "changed one" >"$work/small/shard-000/file-000000.bin"
echo "push one file changed:   $(timed "${slipway[@]}" data push "$work/small" --name bench) s"
echo "pull fresh:              $(timed "${slipway[@]}" data pull bench@latest "$work/pulled") s"
echo "pull, all present:       $(timed "${slipway[@]}" data pull bench@latest "$work/pulled") s"

mkdir -p "$work/large"
head -c "$((large_mb * 1024 * 1024))" /dev/urandom >"$work/large/weights.bin"
cat "$work/large/weights.bin" >/dev/null   # warm page cache
seconds=$(timed "${slipway[@]}" data push "$work/large" --name bench-large)
echo "push ${large_mb} MB file (hash + upload + store): ${seconds} s = $(awk -v m="$large_mb" -v s="$seconds" 'BEGIN { printf "%.0f", m / s }') MB/s"
seconds=$(timed "${slipway[@]}" data push "$work/large" --name bench-large)
echo "re-push ${large_mb} MB file unchanged (hash only): ${seconds} s = $(awk -v m="$large_mb" -v s="$seconds" 'BEGIN { printf "%.0f", m / s }') MB/s"
