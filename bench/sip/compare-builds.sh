#!/usr/bin/env bash
# Registration cost of two Phonehome builds, measured the same way in one run: server CPU per
# authenticated registration at one fixed rate (not the maximum rate, which on two shared cores
# hides the cost), after the same warm-up, interleaved REPS times.
#
#   JARS="/tmp/before.jar target/phonehome.jar" bench/sip/compare-builds.sh [RATE=3000] [DURATION=30]
#
# A build may carry server options after "@" (comma-separated), to compare settings of one jar:
#   JARS="target/phonehome.jar target/phonehome.jar@--sip-worker-threads=2"
#
# Each build gets its own data directory from prepare-phonehome.sh (10,000 lines, the users of
# sipp/users.csv) and runs with JAVA_OPTS (default: none, as the README starts it). SIPp drives
# bench-register.sh's scenario over UDP on 127.0.0.1; every process is bounded by timeout.
# Prints one line per build and rep: "CMP build N: ... rep=R" + bench-register.sh's summary line,
# and at the end a table of µs of server CPU per registration (from the CSV of every run).
#
# env: WITH_KAMAILIO=1   also measure the Kamailio reference (kamailio/kamailio-ref.sh, 2 UDP workers,
#                   the same 10,000 users) in every rep, before the builds, at the same rate:
#                   the reference for the ratio, measured in the same minutes as the builds
#      PERF=1       after the last rep, one more run per build (PERF_SECONDS, default 20) under
#                   `perf record -F 499`, summarised by perf-profile.py into OUT_DIR/profile-N.txt
#      TRANSPORT    passed on to bench-register.sh (u1 UDP, t1 one TCP connection, tn ...); for
#                   TCP and TLS with one open connection per phone see stream-compare.sh
#      PREPARED_DATA a data directory prepare-phonehome.sh made (200..10199): copied for each build
#                   instead of preparing one per build
#      P_PORT (5080) K_PORT (5070)  REPS (2)  WARMUP_SECONDS (60)  WARMUP_RATE (2000)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RATE=${1:-3000}; DURATION=${2:-30}
JARS=${JARS:-$REPO/target/phonehome.jar}
REPS=${REPS:-2}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}; WARMUP_RATE=${WARMUP_RATE:-2000}
JAVA_OPTS=${JAVA_OPTS:-}
OUT_DIR=${OUT_DIR:-/tmp/sip-bench/compare-$(date +%Y%m%d-%H%M%S)}
P_PORT=${P_PORT:-5080}
K_PORT=${K_PORT:-5070}
WITH_KAMAILIO=${WITH_KAMAILIO:-}
PERF=${PERF:-}
PERF_SECONDS=${PERF_SECONDS:-20}
mkdir -p "$OUT_DIR"
RES=$OUT_DIR/results.csv
OUT_DIR=$OUT_DIR "$HERE/sipp/gen-users.sh" 200 10199 pw >/dev/null
USERS=$OUT_DIR/users.csv

SERVER=""
stop_server() {
  [[ -n $SERVER ]] || return 0
  local jp; jp=$(ps -o pid= --ppid "$SERVER" | tr -d ' ' || true)
  [[ -n $jp ]] && kill -TERM "$jp" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER" 2>/dev/null || { SERVER=""; return 0; }; sleep 0.1; done
  kill -KILL "$SERVER" 2>/dev/null || true
  SERVER=""
}
K_CTL=(env RUN_DIR="$OUT_DIR/kamailio" PORT="$K_PORT" UDP_CHILDREN=2 EXTRA_DEFINES="USER_LAST=10199" "$HERE/kamailio/kamailio-ref.sh")
stop_all() {
  stop_server
  [[ -z $WITH_KAMAILIO ]] || "${K_CTL[@]}" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT
echo "# $(date -Is) compare-builds: rate $RATE/s for ${DURATION}s, transport ${TRANSPORT:-u1}, reps $REPS, out $OUT_DIR"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); JAVA_OPTS='$JAVA_OPTS'"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

n=0
for build in $JARS; do
  n=$((n + 1))
  jar=${build%%@*}
  if [[ -n ${PREPARED_DATA:-} ]]; then
    cp -a "$PREPARED_DATA" "$OUT_DIR/data-$n"   # a copy of one prepare-phonehome.sh run (no server on it)
  else
    JAR=$jar "$HERE/prepare-phonehome.sh" "$OUT_DIR/data-$n" 200 10199 >/dev/null
  fi
done
for rep in $(seq "$REPS"); do
  if [[ -n $WITH_KAMAILIO ]]; then
    "${K_CTL[@]}" start >/dev/null
    K_PIDS=$("${K_CTL[@]}" pids)
    # Kamailio compiles nothing at run time: a short warm-up fills its location table like the builds'
    OUT_DIR="$OUT_DIR/warmup-k-$rep" TARGET_PIDS="$K_PIDS" USERS_CSV="$USERS" \
        "$HERE/bench-register.sh" 127.0.0.1 "$K_PORT" "$WARMUP_RATE" 10 >/dev/null 2>&1 || true
    OUT_DIR="$OUT_DIR/run-k-$rep" TARGET_PIDS="$K_PIDS" USERS_CSV="$USERS" RESULTS_CSV="$RES" LABEL="kamailio rep=$rep" \
        "$HERE/bench-register.sh" 127.0.0.1 "$K_PORT" "$RATE" "$DURATION" > "$OUT_DIR/run-k-$rep.txt" 2>&1 || true
    echo "CMP kamailio rep=$rep (load $(cut -d' ' -f1 /proc/loadavg))"
    grep -E 'successful|failed:|CPU|rtt' "$OUT_DIR/run-k-$rep.txt" | sed 's/^/    /'
    "${K_CTL[@]}" stop >/dev/null 2>&1 || true
  fi
  n=0
  for build in $JARS; do
    n=$((n + 1))
    jar=${build%%@*}
    extra=(); [[ $build == *@* ]] && IFS=, read -r -a extra <<< "${build#*@}"
    # shellcheck disable=SC2086
    timeout -k 10 1800 java $JAVA_OPTS -jar "$jar" serve --data-dir="$OUT_DIR/data-$n" --bind=127.0.0.1 --https-port=0 \
        --admin-port=0 --sip-port="$P_PORT" --sip-tls-port=$((P_PORT + 1)) "${extra[@]}" > "$OUT_DIR/server-$n-$rep.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do grep -q "Phonehome SIP listening" "$OUT_DIR/server-$n-$rep.log" && break; sleep 0.5; done
    JAVA_PID=$(ps -o pid= --ppid "$SERVER" | tr -d ' ')
    OUT_DIR="$OUT_DIR/warmup-$n-$rep" TARGET_PIDS="$JAVA_PID" USERS_CSV="$USERS" \
        "$HERE/bench-register.sh" 127.0.0.1 "$P_PORT" "$WARMUP_RATE" "$WARMUP_SECONDS" >/dev/null 2>&1 || true
    OUT_DIR="$OUT_DIR/run-$n-$rep" TARGET_PIDS="$JAVA_PID" USERS_CSV="$USERS" RESULTS_CSV="$RES" LABEL="build $n rep=$rep" \
        "$HERE/bench-register.sh" 127.0.0.1 "$P_PORT" "$RATE" "$DURATION" > "$OUT_DIR/run-$n-$rep.txt" 2>&1 || true
    echo "CMP build $n: $build rep=$rep (load $(cut -d' ' -f1 /proc/loadavg))"
    grep -E 'successful|failed:|CPU|rtt' "$OUT_DIR/run-$n-$rep.txt" | sed 's/^/    /'
    if [[ -n $PERF && $rep == "$REPS" ]]; then
      # perf without call graphs (no frame pointers needed); the JIT's symbol map names compiled Java
      timeout -k 5 $((PERF_SECONDS + 30)) perf record -q -F 499 -p "$JAVA_PID" -o "$OUT_DIR/perf-$n.data" -- sleep $((PERF_SECONDS + 2)) >/dev/null 2>&1 &
      perf_pid=$!
      OUT_DIR="$OUT_DIR/perf-run-$n" TARGET_PIDS="$JAVA_PID" USERS_CSV="$USERS" \
          "$HERE/bench-register.sh" 127.0.0.1 "$P_PORT" "$RATE" "$PERF_SECONDS" >/dev/null 2>&1 || true
      wait "$perf_pid" || true
      jcmd "$JAVA_PID" Compiler.perfmap >/dev/null 2>&1 || true
      python3 "$HERE/perf-profile.py" "$OUT_DIR/perf-$n.data" > "$OUT_DIR/profile-$n.txt" 2>&1 || true
      rm -f "/tmp/perf-$JAVA_PID.map"
      echo "    profile: $OUT_DIR/profile-$n.txt"
    fi
    stop_server
  done
done

echo
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# server CPU per registration = the target's CPU time over the run / its successful registrations"
echo "# (CPU % of a core over the run's wall time / successful registrations per second of that same time):"
awk -F, 'NR>1 { gsub(/"/, "", $2); us = ($11 > 0 ? $24 / 100 * 1e6 / $11 : 0)
                printf "  %-22s %8.0f reg/s  failed %-5s  CPU %4s%%  %6.1f us/registration%s\n", $2, $10, $9, $24, us, ($28 ~ /NOISY/ ? "  (NOISY)" : "") }' "$RES"
