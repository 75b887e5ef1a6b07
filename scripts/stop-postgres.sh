#!/usr/bin/env bash
# Stops a cluster started by scripts/start-postgres.sh and removes its data directory.
#   scripts/stop-postgres.sh DATA_DIR
set -euo pipefail
data_dir=${1:?usage: $0 DATA_DIR}
[[ -d "$data_dir" ]] || exit 0
bin_dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -n 1)
if [[ -f "$data_dir/postmaster.pid" && -n "$bin_dir" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$bin_dir/pg_ctl" -D "$data_dir" stop -m fast -w >/dev/null
    else
        "$bin_dir/pg_ctl" -D "$data_dir" stop -m fast -w >/dev/null
    fi
fi
rm -rf "$data_dir"
