#!/usr/bin/env bash
# Registration storm, Kamailio and Phonehome in the same run, same SIPp load:
#
#   bench/sip/run-register-bench.sh [STEP_SECONDS=20]
#
# 10,000 distinct lines (users 200..10199, password pw<user>), one registration = REGISTER -> 401
# -> REGISTER with digest (qop=auth) -> 200, SIPp over UDP on 127.0.0.1. For each registrar:
# a warm-up run, then bench-register.sh's ramp to the highest rate that passes (< 0.1 % failed,
# >= 97 % of the target rate, <= 1 % retransmitted, p99 <= 50 ms). Phonehome is then profiled
# at 80 % of its maximum with perf (summary by perf-profile.py), or JFR (jfr-profile.py) without perf.
#
#   Kamailio (Debian's, kamailio/kamailio.cfg): 127.0.0.1:5070, 2 UDP workers, in-memory usrloc
#   Phonehome (target/phonehome.jar serve):      127.0.0.1:5080, its defaults, write-behind to H2
#
# env: OUT_DIR (/tmp/sip-bench/run-<timestamp>)  WARMUP_SECONDS (90)  WARMUP_RATE (2000)
#      RAMP_START (2000)  JAVA_OPTS ("-Xms1g -Xmx1g -XX:+UseParallelGC")  SKIP_KAMAILIO=1  SKIP_PHONEHOME=1
# Everything runs on loopback, every process is bounded by timeout and stopped by its PID.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
STEP=${1:-20}
OUT_DIR=${OUT_DIR:-/tmp/sip-bench/run-$(date +%Y%m%d-%H%M%S)}
WARMUP_SECONDS=${WARMUP_SECONDS:-90}
WARMUP_RATE=${WARMUP_RATE:-2000}
export RAMP_START=${RAMP_START:-2000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
FIRST=200; LAST=10199
K_PORT=5070; P_PORT=5080; SIPP_PORT=5096
mkdir -p "$OUT_DIR"
RES=$OUT_DIR/results.csv
LOG=$OUT_DIR/run.log
exec > >(tee -a "$LOG") 2>&1

for t in sipp kamailio kamcmd java jcmd jfr python3; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }; done
for p in $K_PORT $P_PORT $((P_PORT + 1)) $SIPP_PORT; do
  if ss -Hlun "sport = :$p" | grep -q . || ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is in use on this machine" >&2; exit 2; fi
done

echo "# $(date -Is) registration benchmark, $((LAST - FIRST + 1)) lines, steps of ${STEP}s, out $OUT_DIR"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB, $(uname -r)"
echo "# $(sipp -v 2>&1 | grep -m1 -o 'SIPp v[^ ]*'), $(kamailio -v | head -1), $(java -version 2>&1 | head -1)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

USERS=$OUT_DIR/users.csv
{ echo SEQUENTIAL; for ((u = FIRST; u <= LAST; u++)); do echo "$u;pw$u;[authentication username=$u password=pw$u]"; done; } > "$USERS"

common_env=(USERS_CSV="$USERS" LOCAL_PORT=$SIPP_PORT RESULTS_CSV="$RES")

# ---------------------------------------------------------------- Kamailio
K_RUN=$OUT_DIR/kamailio
K_CTL=(env RUN_DIR="$K_RUN" PORT=$K_PORT UDP_CHILDREN=2 EXTRA_DEFINES="USER_LAST=$LAST" "$HERE/kamailio/kamailio-ref.sh")
stop_kamailio() { "${K_CTL[@]}" stop >/dev/null 2>&1 || true; }
if [[ -z ${SKIP_KAMAILIO:-} ]]; then
  trap stop_kamailio EXIT
  "${K_CTL[@]}" start
  K_PIDS=$("${K_CTL[@]}" pids)
  echo "## Kamailio warm-up: ${WARMUP_SECONDS}s at ${WARMUP_RATE}/s"
  env "${common_env[@]}" RESULTS_CSV="$OUT_DIR/warmup.csv" TARGET_PIDS="$K_PIDS" LABEL="kamailio warm-up" OUT_DIR="$OUT_DIR/kamailio-warmup" \
      "$HERE/bench-register.sh" 127.0.0.1 $K_PORT "$WARMUP_RATE" "$WARMUP_SECONDS" | grep -E '^==|successful' || true
  echo "## Kamailio ramp"
  env "${common_env[@]}" TARGET_PIDS="$K_PIDS" LABEL="kamailio udp children=2" OUT_DIR="$OUT_DIR/kamailio-ramp" \
      "$HERE/bench-register.sh" 127.0.0.1 $K_PORT max "$STEP" | grep -E '^==|successful|failed:|retrans|rtt|CPU|NOISY|MAX SUSTAINED' || true
  "${K_CTL[@]}" status || true
  stop_kamailio
  trap - EXIT
fi

# ---------------------------------------------------------------- Phonehome
if [[ -z ${SKIP_PHONEHOME:-} ]]; then
  [[ -r $REPO/target/phonehome.jar ]] || (cd "$REPO" && mvn -B -q -DskipTests package)
  DATA=$OUT_DIR/phonehome-data
  "$HERE/prepare-phonehome.sh" "$DATA" $FIRST $LAST
  # shellcheck disable=SC2086
  timeout -k 10 7200 java $JAVA_OPTS -jar "$REPO/target/phonehome.jar" serve --data-dir="$DATA" --bind=127.0.0.1 --https-port=0 --admin-port=0 \
      --sip-port=$P_PORT --sip-tls-port=$((P_PORT + 1)) > "$OUT_DIR/phonehome.log" 2>&1 &
  P_TIMEOUT_PID=$!
  stop_phonehome() {
    local jp; jp=$(ps -o pid= --ppid "$P_TIMEOUT_PID" | tr -d ' ' || true)
    [[ -n $jp ]] && kill -TERM "$jp" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$P_TIMEOUT_PID" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$P_TIMEOUT_PID" 2>/dev/null || true
  }
  trap stop_phonehome EXIT
  for _ in $(seq 1 120); do grep -q "Phonehome SIP listening" "$OUT_DIR/phonehome.log" && break; sleep 0.5; done
  grep -q "Phonehome SIP listening" "$OUT_DIR/phonehome.log" || { echo "Phonehome did not start:"; tail -20 "$OUT_DIR/phonehome.log"; exit 1; }
  JAVA_PID=$(ps -o pid= --ppid "$P_TIMEOUT_PID" | tr -d ' ')
  echo "## Phonehome (java pid $JAVA_PID, $JAVA_OPTS) warm-up: ${WARMUP_SECONDS}s at ${WARMUP_RATE}/s (the JIT compiles the hot path)"
  env "${common_env[@]}" RESULTS_CSV="$OUT_DIR/warmup.csv" TARGET_PIDS="$JAVA_PID" LABEL="phonehome warm-up" OUT_DIR="$OUT_DIR/phonehome-warmup" \
      "$HERE/bench-register.sh" 127.0.0.1 $P_PORT "$WARMUP_RATE" "$WARMUP_SECONDS" | grep -E '^==|successful' || true
  echo "## Phonehome ramp"
  env "${common_env[@]}" TARGET_PIDS="$JAVA_PID" LABEL="phonehome udp" OUT_DIR="$OUT_DIR/phonehome-ramp" \
      "$HERE/bench-register.sh" 127.0.0.1 $P_PORT max "$STEP" | grep -E '^==|successful|failed:|retrans|rtt|CPU|NOISY|MAX SUSTAINED' || true
  echo "## Phonehome threads by CPU (ms since start)"
  jstack "$JAVA_PID" | grep -E '^"' | sed -E 's/^"([^"]+)".*cpu=([0-9.]+)ms.*/\2 \1/' | sort -rn | head -12 || true
  # The profile is taken after the ramp, 30 s at 80 % of the rate that passed. With perf (Linux
  # sampling, kernel included, nothing changes in the JVM) when this machine allows it; otherwise
  # JFR, which makes the JVM recompile code when it starts (hence not during the ramp: that would
  # have skewed the measured maximum), so JFR gets 30 s to settle first.
  pmax=$(grep -h 'MAX SUSTAINED' "$OUT_DIR/phonehome-ramp/summary.txt" 2>/dev/null | grep -o '[0-9]\+ registrations/s' | head -1 | cut -d' ' -f1 || true)
  prate=$(( ${pmax:-2500} * 8 / 10 ))
  if command -v perf >/dev/null && timeout 10 perf record -q -o "$OUT_DIR/perf-check.data" -p "$JAVA_PID" -- sleep 0.2 >/dev/null 2>&1; then
    rm -f "$OUT_DIR/perf-check.data"
    echo "## Phonehome profiled run at ${prate}/s (80 % of the maximum), perf record -F 499 -p $JAVA_PID"
    timeout -k 5 60 perf record -q -F 499 -p "$JAVA_PID" -o "$OUT_DIR/phonehome-perf.data" -- sleep 32 >/dev/null 2>&1 &
    PERF_PID=$!
    env "${common_env[@]}" RESULTS_CSV="$OUT_DIR/profile.csv" TARGET_PIDS="$JAVA_PID" LABEL="phonehome profiled (perf)" \
        OUT_DIR="$OUT_DIR/phonehome-profiled" "$HERE/bench-register.sh" 127.0.0.1 $P_PORT "$prate" 30 | grep -E '^==|successful|CPU' || true
    wait "$PERF_PID" || true
    jcmd "$JAVA_PID" Compiler.perfmap >/dev/null   # /tmp/perf-<pid>.map: names for the JIT-compiled code
    stop_phonehome
    trap - EXIT
    python3 "$HERE/perf-profile.py" "$OUT_DIR/phonehome-perf.data" > "$OUT_DIR/phonehome-profile.txt" || true
    rm -f "/tmp/perf-$JAVA_PID.map"
  else
    jcmd "$JAVA_PID" JFR.start name=profile settings=profile filename="$OUT_DIR/phonehome-profile.jfr" >/dev/null
    env "${common_env[@]}" RESULTS_CSV="$OUT_DIR/warmup.csv" TARGET_PIDS="$JAVA_PID" LABEL="phonehome settle (JFR on)" OUT_DIR="$OUT_DIR/phonehome-settle" \
        "$HERE/bench-register.sh" 127.0.0.1 $P_PORT "$WARMUP_RATE" 30 | grep -E '^==' || true
    since=$(date -u +%H:%M:%S)
    echo "## Phonehome profiled run at ${prate}/s (80 % of the maximum), JFR from $since UTC"
    env "${common_env[@]}" RESULTS_CSV="$OUT_DIR/profile.csv" TARGET_PIDS="$JAVA_PID" LABEL="phonehome profiled (JFR on)" \
        OUT_DIR="$OUT_DIR/phonehome-profiled" "$HERE/bench-register.sh" 127.0.0.1 $P_PORT "$prate" 30 | grep -E '^==|successful|CPU' || true
    jcmd "$JAVA_PID" JFR.stop name=profile >/dev/null || true
    stop_phonehome
    trap - EXIT
    python3 "$HERE/jfr-profile.py" "$OUT_DIR/phonehome-profile.jfr" "$since" > "$OUT_DIR/phonehome-profile.txt" || true
  fi
  cat "$OUT_DIR/phonehome-profile.txt"
fi

echo
echo "## results ($RES)"
k=$(grep -h 'MAX SUSTAINED' "$OUT_DIR/kamailio-ramp/summary.txt" 2>/dev/null | grep -o '[0-9]\+ registrations/s' | head -1 | cut -d' ' -f1 || true)
p=$(grep -h 'MAX SUSTAINED' "$OUT_DIR/phonehome-ramp/summary.txt" 2>/dev/null | grep -o '[0-9]\+ registrations/s' | head -1 | cut -d' ' -f1 || true)
echo "Kamailio  max sustained: ${k:-?} registrations/s"
echo "Phonehome max sustained: ${p:-?} registrations/s"
[[ -n $k && -n $p ]] && awk -v k="$k" -v p="$p" 'BEGIN{printf "ratio Phonehome/Kamailio: %.2f\n", p/k}'
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
