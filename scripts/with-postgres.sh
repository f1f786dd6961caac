#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1, with COGNATE_TEST_POSTGRES_URL (and
# COGNATE_TEST_PG_BIN, the directory of initdb/pg_ctl) exported:
#
#   scripts/with-postgres.sh node --test dist/test/store/
#
# Idempotent: installs the server from Debian's packages if it is missing (as root), creates the cluster on first
# use, reuses a cluster this script already started (and then leaves it running), otherwise starts it and stops it
# again when the command ends. The command's exit status is the script's.
#
# Settings (environment): COGNATE_PG_PORT (first port tried, default 55432; the next free one is taken),
# COGNATE_PG_DIR (default /tmp/cognate-pg), COGNATE_PG_DB (default cognate_test).
# The cluster is for tests only: trust authentication on loopback, fsync off.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi

BASE_PORT="${COGNATE_PG_PORT:-55432}"
DIR="${COGNATE_PG_DIR:-/tmp/cognate-pg}"
DB="${COGNATE_PG_DB:-cognate_test}"
DATA="$DIR/data"
SOCK="$DIR/sock"
LOG="$DIR/postgres.log"
PORT_FILE="$DIR/port"

log() { echo "with-postgres: $*" >&2; }

find_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
}

PGBIN="$(find_bin)"
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "the PostgreSQL server is not installed and I am not root: run 'apt-get update && apt-get install -y postgresql'"
    exit 1
  fi
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
  PGBIN="$(find_bin)"
  if [ -z "$PGBIN" ]; then
    log "postgresql installed but no server binaries under /usr/lib/postgresql/*/bin"
    exit 1
  fi
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' user the package created.
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

mkdir -p "$DIR"
chmod 755 "$DIR"
[ "$(id -u)" -eq 0 ] && chown "$OWNER" "$DIR"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_running() { as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  as_owner mkdir -p "$DATA" "$SOCK"
  # An ICU (linguistic) default collation where available, as most production databases have: ordering that
  # depends on the database's locale then shows up in the tests instead of in production.
  if ! as_owner "$PGBIN/initdb" -D "$DATA" -U cognate --auth=trust -E UTF8 --locale=C.UTF-8 \
      --locale-provider=icu --icu-locale=en-US >"$DIR/initdb.log" 2>&1; then
    as_owner rm -rf "$DATA"
    as_owner mkdir -p "$DATA"
    as_owner "$PGBIN/initdb" -D "$DATA" -U cognate --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
fi
as_owner mkdir -p "$SOCK"

STARTED=0
if is_running && [ -f "$PORT_FILE" ]; then
  PORT="$(cat "$PORT_FILE")"
  log "reusing the cluster already running on 127.0.0.1:$PORT"
else
  PORT="$BASE_PORT"
  while port_in_use "$PORT"; do
    PORT=$((PORT + 1))
    if [ "$PORT" -gt $((BASE_PORT + 100)) ]; then log "no free port in $BASE_PORT..$((BASE_PORT + 100))"; exit 1; fi
  done
  log "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PORT"
  if ! as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >&2; then
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  echo "$PORT" >"$PORT_FILE"
  STARTED=1
fi

stop() {
  if [ "$STARTED" -eq 1 ]; then
    log "stopping the cluster"
    as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
}
trap stop EXIT
# Interrupted (Ctrl-C, CI timeout): still stop the cluster, through the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U cognate -d postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  "${PSQL[@]}" -c "CREATE DATABASE \"$DB\"" >&2
fi

export COGNATE_TEST_POSTGRES_URL="postgres://cognate@127.0.0.1:$PORT/$DB"
# The server binaries, for tests that run (and restart) a cluster of their own (test/multiprocess/).
export COGNATE_TEST_PG_BIN="$PGBIN"
log "COGNATE_TEST_POSTGRES_URL=$COGNATE_TEST_POSTGRES_URL"
set +e
"$@"
STATUS=$?
set -e
exit "$STATUS"
