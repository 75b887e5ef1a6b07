#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the Slipway PostgreSQL tests and prints its URI.
#
#   scripts/start-postgres.sh DATA_DIR [PORT]      (PORT defaults to 55432)
#   export SLIPWAY_TEST_POSTGRES=$(scripts/start-postgres.sh /tmp/slipway-pg | tail -n1)
#
# Idempotent: an existing cluster in DATA_DIR is reused, a running one is left running. The cluster listens
# on 127.0.0.1 only, trusts loopback connections and runs with fsync off: it is for tests, never for data
# you want to keep. Stop it with: pg_ctl -D DATA_DIR stop (as the postgres user when run as root).
# Installs nothing unless the PostgreSQL server binaries are missing (then: apt-get install postgresql).
set -euo pipefail

data_dir=${1:?usage: $0 DATA_DIR [PORT]}
port=${2:-55432}

find_bin_dir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
    done
    command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]] && { pg_config --bindir; return; }
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    return 1
}

if ! bin_dir=$(find_bin_dir); then
    echo "PostgreSQL server binaries not found; installing the postgresql package ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin_dir=$(find_bin_dir)
fi

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

mkdir -p "$data_dir"
data_dir=$(cd "$data_dir" && pwd)
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$data_dir"
    chmod 700 "$data_dir"
    if ! runuser -u postgres -- test -x "$data_dir"; then
        echo "The postgres user cannot reach $data_dir; choose a directory under /tmp, for example." >&2
        exit 1
    fi
fi

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
    as_owner "$bin_dir/initdb" -D "$data_dir" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
    cat >>"$data_dir/postgresql.conf" <<CONF
# Added by start-postgres.sh: a throwaway test cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
fi

if ! as_owner "$bin_dir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    as_owner "$bin_dir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -o "-p $port" -w -t 60 start >/dev/null
fi

for _ in $(seq 1 60); do
    "$bin_dir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
done
"$bin_dir/pg_isready" -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL did not become ready on port $port; see $data_dir/server.log" >&2; exit 1; }

"$bin_dir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'slipway') THEN
        CREATE ROLE slipway LOGIN SUPERUSER PASSWORD 'slipway';
    END IF;
END
$$;
SQL

echo "postgresql://slipway:slipway@127.0.0.1:$port/postgres"
