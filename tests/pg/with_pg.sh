#!/usr/bin/env bash
# with_pg.sh COMMAND [ARGS...]: runs COMMAND against a throw-away PostgreSQL 15 server.
#
# The server lives in a temporary folder (data and socket), listens on a free local TCP port, trusts
# local connections and is stopped and removed when the command ends, fails or the script gets a signal.
# COMMAND sees KPIC_PG_URI (a libpq URI, e.g. postgresql://postgres@127.0.0.1:PORT/postgres),
# KPIC_PG_SOCKET_DIR, and the libpq variables PGHOST/PGPORT/PGUSER/PGDATABASE pointing at it.
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# Exit status: the command's, or 77 (ctest's "skipped") when PostgreSQL 15 is not installed.
set -euo pipefail

pgbin=${KPIC_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
  echo "with_pg.sh: PostgreSQL 15 is not installed in $pgbin (scripts/install-deps installs it)" >&2
  exit 77
fi
if [ $# -eq 0 ]; then
  echo "usage: with_pg.sh COMMAND [ARGS...]" >&2
  exit 2
fi

as_server=()
dbuser=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  as_server=(runuser -u postgres --)
  dbuser=postgres
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/kpic-pg.XXXXXX")
started=0
child=
# Runs a server program as the server's user, from the temporary folder (it may not read ours).
server() { (cd "$dir" && "${as_server[@]}" "$@"); }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi
  if [ "$started" = 1 ]; then server "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir "$dir/socket"
if [ "$dbuser" = postgres ]; then chown -R postgres: "$dir"; fi

# A free port: the kernel picks one for a socket bound to port 0 (a tiny window for a race remains).
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

server "$pgbin/initdb" -D "$dir/data" -U "$dbuser" --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
started=1
server "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off -c full_page_writes=off" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export KPIC_PG_URI="postgresql://$dbuser@127.0.0.1:$port/postgres"
export KPIC_PG_SOCKET_DIR="$dir/socket"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$dbuser PGDATABASE=postgres
# The command runs in the background so that a signal to this script is handled at once (the trap
# stops the command and the server) rather than after the command ends.
"$@" &
child=$!
set +e
wait "$child"
rc=$?
child=
set -e
exit "$rc"
