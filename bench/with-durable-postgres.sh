#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1 with PostgreSQL's default durability
# (fsync and synchronous_commit on: a committed write survives power loss), exporting BENCH_POSTGRES_URL:
#
#   bench/with-durable-postgres.sh sh -c 'npm run bench -- --store "$BENCH_POSTGRES_URL" --no-cognito-local'
#
# scripts/with-postgres.sh is the test suites' cluster: it runs with fsync=off and synchronous_commit=off, fine for
# correctness tests, not for throughput that claims durability. This one is created fresh and removed at the end.
# Settings: BENCH_PG_PORT (default 56432), BENCH_PG_DIR (default /tmp/cognate-bench-pg).
# BENCH_PG_STATS=FILE: the cluster loads pg_stat_statements and, when the command ends, writes to FILE the statements
# run more than 1,000 times with their calls, total and mean execution time (µs), most costly first: the database's
# own side of a request, which the bench's CPU figures (cognate's process) do not show. The extension is part of
# Debian's postgresql package. Seeding's statements are in it too (10,000 users: 10,000 INSERTs and more).
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: $0 <command> [args…]" >&2; exit 2; }
PORT="${BENCH_PG_PORT:-56432}"
DIR="${BENCH_PG_DIR:-/tmp/cognate-bench-pg}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server not installed (apt-get install -y postgresql)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; OWNER=postgres; else as_owner() { "$@"; }; OWNER="$(id -un)"; fi

rm -rf "$DIR"
mkdir -p "$DIR"
chown "$OWNER" "$DIR"
as_owner "$PGBIN/initdb" -D "$DIR/data" -U cognate --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
as_owner mkdir -p "$DIR/sock"
STATS="${BENCH_PG_STATS:-}"
EXTRA=""
[ -n "$STATS" ] && EXTRA=" -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 \
  -o "-p $PORT -k $DIR/sock -c listen_addresses=127.0.0.1 -c max_connections=100$EXTRA" start >&2
STATS_QUERY="SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round((1000 * total_exec_time / calls)::numeric, 1) AS mean_us,
  left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
  FROM pg_stat_statements WHERE calls > 1000 ORDER BY total_exec_time DESC LIMIT 30"
write_stats() {
  [ -n "$STATS" ] || return 0
  "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U cognate -d postgres -qA -F ' | ' -c "$STATS_QUERY" >"$STATS" 2>&1 || true
}
stop() { write_stats; as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true; rm -rf "$DIR"; }
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
"$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U cognate -d postgres -qtA -c 'CREATE DATABASE cognate_bench' >&2
[ -z "$STATS" ] || "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U cognate -d postgres -qtA -c 'CREATE EXTENSION pg_stat_statements' >&2
export BENCH_POSTGRES_URL="postgres://cognate@127.0.0.1:$PORT/cognate_bench"
"$@"
