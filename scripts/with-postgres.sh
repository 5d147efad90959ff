#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server, its URL in
# THROUGHLINE_TEST_POSTGRES_URL; the server and its data are removed afterwards.
# An already-set THROUGHLINE_TEST_POSTGRES_URL is used as it is.
# Usage: scripts/with-postgres.sh COMMAND...
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ -n "${THROUGHLINE_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found (scripts/setup.sh test installs them)"

port=${THROUGHLINE_TEST_POSTGRES_PORT:-55432}
dir=$(mktemp -d /tmp/throughline-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U throughline --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

export THROUGHLINE_TEST_POSTGRES_URL="postgres://throughline@127.0.0.1:$port/postgres"
"$@"
