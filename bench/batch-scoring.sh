#!/usr/bin/env bash
# Batch scoring end to end (the serving issue's target: at least 1,000,000 rows a second on Parquet input for a
# single-row tabular ONNX model): writes a seeded Parquet file of N rows x 8 FLOAT features and the linear ONNX model
# over them to a temporary folder, scores the file with BatchScorer $RUNS times (read Parquet, predict, write Parquet),
# checks every prediction against the features beside it, prints each run and the median, and removes the folder.
# Usage: bash bench/batch-scoring.sh [rows=5000000]        RUNS=3 CHUNK_ROWS=65536 by default
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
runs="${RUNS:-3}"
chunk_rows="${CHUNK_ROWS:-65536}"

dotnet build bench/Slipway.Bench -c Release -nologo -v quiet >/dev/null
echo "# $(date -u +%Y-%m-%dT%H:%MZ) cores=$(nproc) $(dotnet --version)"
dotnet bench/Slipway.Bench/bin/Release/net10.0/slipway-bench.dll --scenario batch-scoring \
  --batch-rows "$rows" --batch-runs "$runs" --batch-chunk-rows "$chunk_rows"
