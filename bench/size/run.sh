#!/usr/bin/env bash
# One node at fleet size (issue 15 "Scale"): 100,000 devices and 100,000 bindings.
#
#   bench/size/run.sh                       # from the repository root, ~15 minutes
#   SIZES="10000 100000" bench/size/run.sh  # the sizes, each on a fresh data directory
#
# For each size N, Phonehome as the README starts it (./phonehome serve: the launcher's JVM
# settings), SIP on, H2:
#   1. import of N rows (one Yealink T46S with one line each) through the CLI: wall time, and the
#      server's CPU during it;
#   2. restart: start-up time with N devices (process start to "admin API at" in its log);
#   3. heap after a full GC (jcmd GC.run, then GC.heap_info's "used") with N devices;
#   4. registration storm: every one of the N lines registers once (REGISTER, 401, REGISTER with
#      digest, 200) with SIPp at REG_RATE/s (../sip/bench-register.sh, CPU per registration from
#      the server's /proc ticks), then the heap after a full GC again, now with N bindings;
#   5. boot storm: a new TLS connection per request for a random one of the N per-MAC files,
#      CONNS in flight, STORM_DUR s (the reference harness's tls-storm through bench-http.sh).
# "No step grows worse than linearly" is read from the per-size rows: time and bytes per device.
#
# env (defaults): SIZES="25000 50000 100000"  REG_RATE=2000  STORM_DUR=20  CONNS=200
#   WORK=/tmp/phonehome-size  SHARED=../shared (the reference harnesses)  RESULTS=$WORK/summary.txt
# Needs: target/phonehome.jar (mvn -B -q -DskipTests package), sipp, jcmd, python3, the reference
# harness ../shared/bench-tools/http (bench-http.sh builds tls-storm on first use).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HTTP=$SHARED/bench-tools/http
SIZES=${SIZES:-25000 50000 100000}
REG_RATE=${REG_RATE:-2000}
STORM_DUR=${STORM_DUR:-20}
CONNS=${CONNS:-200}
WORK=${WORK:-/tmp/phonehome-size}
RESULTS=${RESULTS:-$WORK/summary.txt}
JAR=$ROOT/target/phonehome.jar
HTTPS_PORT=${HTTPS_PORT:-19443}; ADMIN_PORT=${ADMIN_PORT:-19444}; SIP_PORT=${SIP_PORT:-19060}
for c in sipp jcmd python3 curl; do command -v $c >/dev/null || { echo "$c not found" >&2; exit 2; }; done
[[ -r $JAR ]] || { echo "no $JAR: mvn -B -q -DskipTests package" >&2; exit 2; }
[[ -x $HTTP/bench-http.sh ]] || { echo "reference harness not found at $HTTP (set SHARED=)" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK"
export DATA_DIR=$WORK/http-tools   # bench-http.sh's work directory (it builds tls-storm there)

PID=""
stop_server() {
  [[ -n $PID ]] || return 0
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || { PID=""; return 0; }; sleep 0.2; done
  kill -KILL "$PID" 2>/dev/null || true; PID=""
}
trap stop_server EXIT

# start DATA -> sets PID and STARTUP_MS (process start to the admin API's log line)
start_server() {
  local data=$1 t0 t1
  t0=$(date +%s%N)
  "$ROOT/phonehome" serve --data-dir="$data" --bind=127.0.0.1 --admin-bind=127.0.0.1 --https-port=$HTTPS_PORT \
      --admin-port=$ADMIN_PORT --sip-port=$SIP_PORT --sip-tls-port=$((SIP_PORT + 1)) --templates-dir="$ROOT/templates" \
      > "$data/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 1200); do grep -q "admin API at" "$data/server.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "admin API at" "$data/server.log" || { echo "server did not start:" >&2; tail -20 "$data/server.log" >&2; exit 1; }
  t1=$(date +%s%N)
  STARTUP_MS=$(((t1 - t0) / 1000000))
}
cpu_ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }
heap_after_full_gc() {  # prints MB used after a full collection
  jcmd "$PID" GC.run > /dev/null
  jcmd "$PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } } END { printf "%.0f", s / 1024 }'
}
ph() { java -jar "$JAR" "$@" --data-dir="$DATA" --url="https://127.0.0.1:$ADMIN_PORT"; }
HZ=$(getconf CLK_TCK)

{
  echo "# $(date -u +%FT%TZ) fleet-size benchmark, sizes: $SIZES"
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "size,import_s,import_server_cpu_s,import_us_per_row,startup_empty_ms,startup_ms,heap_devices_mb,heap_bindings_mb,reg_rate,reg_ok,reg_failed,reg_us_per_registration,storm_rps,storm_p99_ms,storm_errors,storm_us_per_req"
} | tee "$RESULTS"

for N in $SIZES; do
  DATA=$WORK/data-$N; mkdir -p "$DATA"
  echo "== $N devices: empty start, import ==" >&2
  start_server "$DATA"; startup_empty=$STARTUP_MS
  ph sites add Bench --time-zone Europe/Zurich --auth network,digest --trusted-network 127.0.0.0/8 \
     --digest-user bench --digest-password bench-password-123 > /dev/null
  python3 - "$N" > "$DATA/devices.csv" <<'PY'
import sys
print("mac,model,serial,site,extension,display_name,handset,auth_user,password")
for i in range(int(sys.argv[1])):
    e = 200 + i
    print("%012x,T46S,S%d,Bench,%d,Phone %d,,%d,placeholder-%d" % (0x001565000000 + i, i, e, i, e, e))
PY
  c0=$(cpu_ticks "$PID"); t0=$(date +%s%N)
  ph import "$DATA/devices.csv" > "$DATA/import.log"
  t1=$(date +%s%N); c1=$(cpu_ticks "$PID")
  import_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  import_cpu=$(awk -v t=$((c1 - c0)) -v hz="$HZ" 'BEGIN{printf "%.1f", t/hz}')
  import_us=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="$N" 'BEGIN{printf "%.0f", t*1e6/hz/n}')
  stop_server
  # the lines' passwords as the SIPp users file has them (the import refuses passwords under 8
  # characters, the benchmark's are "pw<extension>"); H2's shell ships inside the jar
  java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$DATA/phonehome;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
       -user phonehome -password "" -sql "UPDATE lines SET password = 'pw' || extension" > /dev/null

  echo "== $N devices: restart, heap ==" >&2
  start_server "$DATA"; startup=$STARTUP_MS
  sleep 5
  heap_devices=$(heap_after_full_gc)

  echo "== $N devices: registration storm ==" >&2
  python3 - "$N" > "$DATA/users.csv" <<'PY'
import sys
print("SEQUENTIAL")
for i in range(int(sys.argv[1])):
    u = 200 + i
    print("%d;pw%d;[authentication username=%d password=pw%d]" % (u, u, u, u))
PY
  reg_dur=$(( (N + REG_RATE - 1) / REG_RATE ))
  c0=$(cpu_ticks "$PID")
  USERS_CSV=$DATA/users.csv TARGET_PIDS=$PID OUT_DIR=$DATA/register QUIET_WAIT=10 \
    "$ROOT/bench/sip/bench-register.sh" 127.0.0.1 $SIP_PORT "$REG_RATE" "$reg_dur" > "$DATA/register.log" 2>&1 || true
  c1=$(cpu_ticks "$PID")
  reg_ok=$(sed -n 's/.*(successful \([0-9]*\) of .*/\1/p' "$DATA/register.log" | tail -1)
  reg_failed=$(sed -n 's/^  failed: \([0-9]*\) = .*/\1/p' "$DATA/register.log" | tail -1)
  # the server's CPU over the whole storm (SIPp's start and drain included) per successful registration
  reg_us=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="${reg_ok:-0}" 'BEGIN{ if (n > 0) printf "%.0f", t*1e6/hz/n; else print "?" }')
  heap_bindings=$(heap_after_full_gc)

  echo "== $N devices: boot storm ==" >&2
  storm=$(NMACS=$N CONNS=$CONNS WARMUP=10 SERVER_PIDS=$PID "$HTTP/bench-http.sh" "https://127.0.0.1:$HTTPS_PORT/" newconn "$STORM_DUR" 2>&1 | grep '^BENCH' | tail -1)
  echo "$storm" > "$DATA/storm.log"
  s_rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<< "$storm"); s_p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<< "$storm")
  s_err=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<< "$storm"); s_us=$(sed -n 's/.* server_us_per_req=\([0-9.]*\).*/\1/p' <<< "$storm")
  stop_server
  echo "$N,$import_s,$import_cpu,$import_us,$startup_empty,$startup,$heap_devices,$heap_bindings,$REG_RATE,${reg_ok:-?},${reg_failed:-?},${reg_us:-?},${s_rps:-?},${s_p99:-?},${s_err:-?},${s_us:-?}" | tee -a "$RESULTS"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); per-size logs in $WORK/data-<N>/" | tee -a "$RESULTS"
