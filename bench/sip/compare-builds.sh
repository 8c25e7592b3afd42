#!/usr/bin/env bash
# Registration cost of two Phonehome builds, measured the same way in one run: server CPU per
# authenticated registration at one fixed rate (not the maximum rate, which on two shared cores
# hides the cost), after the same warm-up, interleaved REPS times.
#
#   JARS="/tmp/before.jar target/phonehome.jar" bench/sip/compare-builds.sh [RATE=3000] [DURATION=30]
#
# Each build gets its own data directory from prepare-phonehome.sh (10,000 lines, the users of
# sipp/users.csv) and runs with JAVA_OPTS (default: none, as the README starts it). SIPp drives
# bench-register.sh's scenario over UDP on 127.0.0.1; every process is bounded by timeout.
# Prints one line per build and rep: "CMP jar=... rep=N" + bench-register.sh's summary line.
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
mkdir -p "$OUT_DIR"
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
trap stop_server EXIT

n=0
for jar in $JARS; do
  n=$((n + 1))
  JAR=$jar "$HERE/prepare-phonehome.sh" "$OUT_DIR/data-$n" 200 10199 >/dev/null
done
for rep in $(seq "$REPS"); do
  n=0
  for jar in $JARS; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    timeout -k 10 1800 java $JAVA_OPTS -jar "$jar" serve --data-dir="$OUT_DIR/data-$n" --bind=127.0.0.1 --https-port=0 \
        --admin-port=0 --sip-port="$P_PORT" --sip-tls-port=$((P_PORT + 1)) > "$OUT_DIR/server-$n-$rep.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do grep -q "Phonehome SIP listening" "$OUT_DIR/server-$n-$rep.log" && break; sleep 0.5; done
    JAVA_PID=$(ps -o pid= --ppid "$SERVER" | tr -d ' ')
    OUT_DIR="$OUT_DIR/warmup-$n-$rep" TARGET_PIDS="$JAVA_PID" USERS_CSV="$USERS" \
        "$HERE/bench-register.sh" 127.0.0.1 "$P_PORT" "$WARMUP_RATE" "$WARMUP_SECONDS" >/dev/null 2>&1 || true
    OUT_DIR="$OUT_DIR/run-$n-$rep" TARGET_PIDS="$JAVA_PID" USERS_CSV="$USERS" \
        "$HERE/bench-register.sh" 127.0.0.1 "$P_PORT" "$RATE" "$DURATION" > "$OUT_DIR/run-$n-$rep.txt" 2>&1 || true
    echo "CMP jar=$jar rep=$rep"
    grep -E 'successful|failed:|CPU|rtt' "$OUT_DIR/run-$n-$rep.txt" | sed 's/^/    /'
    stop_server
  done
done
