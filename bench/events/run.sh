#!/usr/bin/env bash
# Events benchmark: EVENTS rows (default 1,000,000) in the events table, on the embedded H2 and
# on PostgreSQL 15 (month-partitioned, migration V8_7), then GET /api/v1/events with the admin
# console's usual filters (bench/events/EventsBench.java): p50/p90/p99/max over REQUESTS calls
# per filter, one keep-alive connection, after a warm-up.
#
#   bench/events/run.sh                                  # the full run: 1,000,000 events per store
#   EVENTS=50000 REQUESTS=200 bench/events/run.sh        # a smoke run
#   STORES=postgresql bench/events/run.sh                # one store only
#
# The rows go in with one INSERT ... SELECT per store while the server is stopped (the schema is
# the server's own: it is started once to migrate), spread over the last 80 days, 5,000 MACs,
# 20 sites and the event types a fleet writes most. On PostgreSQL the month partitions of those 80
# days are created first (the server creates only the current month and the ones ahead), and the
# table is ANALYZEd, as autovacuum would after a day of writes. The PostgreSQL server is a
# throw-away cluster (initdb into $WORK/pg, run as nobody when root, trust on 127.0.0.1 only).
# Results: bench/results/events.md gets the numbers by hand from $WORK/summary.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/phonehome-events-bench}
EVENTS=${EVENTS:-1000000}
REQUESTS=${REQUESTS:-500}
HEAP=${HEAP:-512m}
STORES=${STORES:-"h2 postgresql"}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DAYS=80
JAR=$ROOT/target/phonehome.jar
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); ADMIN_PORT=$(free_port); PG_PORT=$(free_port)

[[ -f $JAR ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
PG_STARTED=
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done
  [[ -n $PG_STARTED ]] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

serve() {  # $1 data dir, then extra settings -> pid of the server
  local data=$1; shift; mkdir -p "$data"
  java -Xms$HEAP -Xmx$HEAP -jar "$JAR" serve --data_dir="$data" --bind=127.0.0.1 --https_port="$PORT" --admin_port="$ADMIN_PORT" \
       --templates_dir="$ROOT/templates" --sip_enabled=false --event_retention_days=36500 --event_max_rows=100000000 "$@" \
       >"$data/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 240); do grep -q "admin API at" "$data/server.log" 2>/dev/null && break; sleep 0.5; done
  grep -q "admin API at" "$data/server.log" || { echo "the server did not start:"; tail -20 "$data/server.log"; exit 1; }
  echo "$pid"
}
stop() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; }

# row x at (EVENTS - x) * 80 days / EVENTS before now: ids grow with time, as appended events' do
TYPES="'config_fetch','sip_registration','config_fetch','auth_failure','sip_notify','firmware_download','unknown_mac','admin_change'"

bench_h2() {
  local data=$WORK/h2
  local pid; pid=$(serve "$data"); stop "$pid"   # the schema
  local t0=$SECONDS
  java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$data/phonehome;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" -user phonehome -password "" -sql "
    INSERT INTO events (at, type, outcome, mac, site_id, source, detail)
    SELECT DATEADD(SECOND, -CAST(($EVENTS - x) * ($DAYS * 86400.0) / $EVENTS AS BIGINT), CURRENT_TIMESTAMP),
           ARRAY[$TYPES][MOD(x, 8) + 1], CASE WHEN MOD(x, 10) = 0 THEN 'failed' ELSE 'ok' END,
           '805ec0' || LPAD(CAST(MOD(x * 7, 5000) AS VARCHAR), 6, '0'), MOD(x / 7, 20) + 1, 'bench', 'bench event ' || x
    FROM (SELECT \"X\" AS x FROM SYSTEM_RANGE(1, $EVENTS)) r;" >"$WORK/h2-fill.log" 2>&1
  if grep -q Error "$WORK/h2-fill.log"; then cat "$WORK/h2-fill.log"; exit 1; fi
  echo "RESULT store=h2 fill_seconds=$((SECONDS - t0)) events=$EVENTS db_bytes=$(stat -c %s "$data/phonehome.mv.db")" | tee -a "$WORK/bench.log"
  pid=$(serve "$data"); PIDS+=("$pid")
  java "$ROOT/bench/events/EventsBench.java" "https://127.0.0.1:$ADMIN_PORT" "$data/pki/ca.pem" "$(cat "$data/admin-token")" "$REQUESTS" h2 \
      | tee -a "$WORK/bench.log"
  stop "$pid"
}

bench_postgresql() {
  mkdir -p "$WORK/pg"; [[ $(id -u) == 0 ]] && chown nobody "$WORK/pg"
  as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$WORK/pg/initdb.log"
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
      -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
  PG_STARTED=1
  psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
  psql -d postgres -c "CREATE DATABASE phonehome"
  local data=$WORK/postgresql
  local db=(--db_url="jdbc:postgresql://127.0.0.1:$PG_PORT/phonehome" --db_user=postgres)
  local pid; pid=$(serve "$data" "${db[@]}"); stop "$pid"   # the schema, this month's partitions and the ones ahead
  local t0=$SECONDS
  psql -d phonehome <<SQL >"$WORK/pg-fill.log"
DO \$\$
DECLARE m TIMESTAMP := date_trunc('month', (now() - INTERVAL '$DAYS days') AT TIME ZONE 'UTC');
BEGIN
  WHILE m < date_trunc('month', now() AT TIME ZONE 'UTC') LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
        'events_' || to_char(m, 'YYYY_MM'), m AT TIME ZONE 'UTC', (m + INTERVAL '1 month') AT TIME ZONE 'UTC');
    m := m + INTERVAL '1 month';
  END LOOP;
END \$\$;
INSERT INTO events (at, type, outcome, mac, site_id, source, detail)
SELECT now() - make_interval(secs => ($EVENTS - x) * ($DAYS * 86400.0) / $EVENTS),
       (ARRAY[$TYPES])[x % 8 + 1], CASE WHEN x % 10 = 0 THEN 'failed' ELSE 'ok' END,
       '805ec0' || lpad(((x * 7) % 5000)::text, 6, '0'), (x / 7) % 20 + 1, 'bench', 'bench event ' || x
FROM generate_series(1, $EVENTS) x;
ANALYZE events;
SQL
  echo "RESULT store=postgresql fill_seconds=$((SECONDS - t0)) events=$EVENTS default_partition_rows=$(psql -d phonehome -tA -c 'SELECT count(*) FROM events_default') db_bytes=$(psql -d phonehome -tA -c "SELECT pg_database_size('phonehome')")" | tee -a "$WORK/bench.log"
  pid=$(serve "$data" "${db[@]}"); PIDS+=("$pid")
  java "$ROOT/bench/events/EventsBench.java" "https://127.0.0.1:$ADMIN_PORT" "$data/pki/ca.pem" "$(cat "$data/admin-token")" "$REQUESTS" postgresql \
      | tee -a "$WORK/bench.log"
  stop "$pid"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for store in $STORES; do "bench_$store"; done
{
  echo "machine: $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
  echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "events: $EVENTS per store over $DAYS days, $REQUESTS requests per filter, server heap -Xmx$HEAP"
  grep '^RESULT' "$WORK/bench.log"
} | tee "$WORK/summary.txt"
