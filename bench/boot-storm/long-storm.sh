#!/usr/bin/env bash
# One long newconn boot storm against Phonehome alone, with the JVM's GC log kept: what a storm of
# many minutes does to the heap (full collections, pauses, what stays live), which the 30-second
# storms of run.sh cannot show. Used to compare collectors at the same heap.
#
#   bench/boot-storm/run.sh                     # once: seeds $WORK (10,000 phones, nginx tools)
#   bench/boot-storm/long-storm.sh parallel "-XX:+UseParallelGC -Xms1024m -Xmx1024m -XX:+ExitOnOutOfMemoryError" 1140
#   bench/boot-storm/long-storm.sh g1 "-XX:+UseG1GC -Xms1024m -Xmx1024m -XX:+ExitOnOutOfMemoryError" 1140
#
# Arguments: a label, the JVM options, the measured seconds (default 1140, after WARMUP=60 s of
# unrecorded storm). Each run starts on a fresh copy of $WORK/ph, run.sh's seeded data directory,
# so every run sees the same inventory and event store. Prints the BENCH line of
# ../shared/bench-tools/http/bench-http.sh (rate, latency, server µs per request), the full
# collections and the other pauses (count, median, p99, max, total) from the GC log.
# env: SHARED ($ROOT/../shared, as run.sh)  WORK (/tmp/phonehome-boot-storm, as run.sh)  JAR (target/phonehome.jar)  OUT (/tmp/long-storm)
#      NMACS (10000)  CONNS (200)  WARMUP (60)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HTTP=$SHARED/bench-tools/http
LABEL=${1:?label}
OPTS=${2:?JVM options}
DUR=${3:-1140}
WORK=${WORK:-/tmp/phonehome-boot-storm}
JAR=${JAR:-$ROOT/target/phonehome.jar}
OUT=${OUT:-/tmp/long-storm}
export DATA_DIR=$WORK/nginx
[ -d "$WORK/ph" ] || { echo "long-storm: no $WORK/ph; run bench/boot-storm/run.sh first (it seeds it)" >&2; exit 2; }
[ -r "$JAR" ] || { echo "long-storm: no $JAR (mvn -B -q -DskipTests package)" >&2; exit 2; }
RUN=$OUT/$LABEL
rm -rf "$RUN"; mkdir -p "$OUT"; cp -a "$WORK/ph" "$RUN"; rm -f "$RUN/gc.log" "$RUN/server.log"
# shellcheck disable=SC2086 # the options are words
java $OPTS -Xlog:gc:file="$RUN/gc.log":uptime -jar "$JAR" serve --data-dir="$RUN" --bind=127.0.0.1 \
  --https-port=18443 --admin-port=19443 --templates-dir="$ROOT/templates" --sip-enabled=false > "$RUN/server.log" 2>&1 &
PH=$!
trap 'kill $PH 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q "admin API at" "$RUN/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q "admin API at" "$RUN/server.log" || { echo "long-storm: Phonehome did not start:" >&2; tail -20 "$RUN/server.log" >&2; exit 1; }
NMACS=${NMACS:-10000} CONNS=${CONNS:-200} WARMUP=${WARMUP:-60} SERVER_PIDS=$PH \
  "$HTTP/bench-http.sh" https://127.0.0.1:18443/ newconn "$DUR" > "$RUN/bench.txt" 2>&1
grep '^BENCH' "$RUN/bench.txt"
kill $PH; wait $PH 2>/dev/null || true
echo "full collections (start-up ones for metadata included):"
grep 'Pause Full' "$RUN/gc.log" || echo "  none"
grep 'Pause' "$RUN/gc.log" | grep -v 'Pause Full' | grep -oE '[0-9.]+ms$' | sed 's/ms//' | sort -n \
  | awk '{a[NR]=$1; s+=$1} END {printf "other pauses: n=%d median=%s p99=%s max=%s total_s=%.1f\n", NR, a[int(NR/2)+1], a[int(NR*0.99)+1], a[NR], s/1000}'
