#!/usr/bin/env bash
# Runs every test suite: unit, store contract (SQLite and PostgreSQL) and real-server integration tests.
# PostgreSQL: uses $SLIPWAY_TEST_POSTGRES when set; otherwise starts a throwaway local server
# (installing Debian's postgresql package if needed) and removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

pg_dir=""
cleanup() {
  if [[ -n "$pg_dir" ]]; then
    bash scripts/stop-postgres.sh "$pg_dir" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [[ -z "${SLIPWAY_TEST_POSTGRES:-}" ]]; then
  pg_dir="$(mktemp -d /tmp/slipway-pg.XXXXXX)"
  SLIPWAY_TEST_POSTGRES="$(bash scripts/start-postgres.sh "$pg_dir" "${SLIPWAY_TEST_POSTGRES_PORT:-55432}" | tail -n 1)"
  export SLIPWAY_TEST_POSTGRES
fi
echo "PostgreSQL for tests: $(sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#' <<<"$SLIPWAY_TEST_POSTGRES")"

dotnet build Slipway.slnx -c Release -warnaserror -nologo -v quiet
log="$(mktemp /tmp/slipway-test.XXXXXX.log)"
status=0
dotnet test Slipway.slnx -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line for CI: the totals over every test project.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
