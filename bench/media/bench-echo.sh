#!/usr/bin/env bash
# Echo-call benchmark: Phonehome's echo test next to two references, in one run, on loopback.
#
#   bench-echo.sh
#
# Targets (each started here, on ports of its own, and stopped by PID afterwards):
#   phonehome  target/phonehome.jar serve with sip_echo_number=600; the callers are lines
#              200..(199+MAX_CALLS) of a data dir prepared by ../sip/prepare-phonehome.sh
#              (password pw<extension>), so every INVITE is digest-authenticated
#   baresip    baresip-core with its echo module (answers, decodes, loops the audio back
#              through aubridge, encodes): a media-server-style reference
#   sipp       `sipp -sn uas -rtp_echo`: a UDP reflector, the floor
# For each target and each call count in CALLS: SIPp (sipp/echo-call.xml) sets up N calls,
# rtp-echo-client.py sends 20 ms PCMU on every call for HOLD s and counts the echoes, then
# SIPp hangs up. Phonehome then gets a ramp (RAMP) that stops at the first step with loss
# >= MAX_LOSS_PCT or a failed call.
#
# env (defaults):
#   CALLS="50 100"  RAMP="200 300 400 500"  HOLD=20 (s of RTP per step)  MAX_LOSS_PCT=0.1
#   TARGETS="phonehome baresip sipp"  WARMUP=10 (s of 50 calls on Phonehome first, not reported)
#   DATA=/tmp/echo-bench/data (prepared on first use)  OUT_DIR=/tmp/echo-bench/run-<timestamp>
#   PH_PORT=5390 BARESIP_PORT=5400 UAS_PORT=5410 SIPP_UAC_PORT=5420 RTP_BASE=40000
#   RESULTS_CSV=""  also append one CSV line per step to this file
#   PH_JAVA_OPTS=""  extra JVM options for Phonehome (e.g. -Dlogback.configurationFile=... with
#                    io.phonehome.sip.ServiceCalls at DEBUG: each call's received/echoed/refused at its end)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-$REPO/target/phonehome.jar}
CALLS=${CALLS:-50 100}
RAMP=${RAMP-200 300 400 500}
HOLD=${HOLD:-20}
MAX_LOSS_PCT=${MAX_LOSS_PCT:-0.1}
TARGETS=${TARGETS:-phonehome baresip sipp}
WARMUP=${WARMUP:-10}
OUT_DIR=${OUT_DIR:-/tmp/echo-bench/run-$(date +%Y%m%d-%H%M%S)}
DATA=${DATA:-/tmp/echo-bench/data}
PH_PORT=${PH_PORT:-5390}; BARESIP_PORT=${BARESIP_PORT:-5400}; UAS_PORT=${UAS_PORT:-5410}
SIPP_UAC_PORT=${SIPP_UAC_PORT:-5420}; RTP_BASE=${RTP_BASE:-40000}
RESULTS_CSV=${RESULTS_CSV:-}
SETUP_RATE=${SETUP_RATE:-100}

MAX_CALLS=0
for n in $CALLS $RAMP 50; do (( n > MAX_CALLS )) && MAX_CALLS=$n; done
(( HOLD >= 1 && HOLD <= 30 )) || { echo "HOLD must be 1..30 s" >&2; exit 2; }
(( MAX_CALLS <= 2000 )) || { echo "at most 2000 calls" >&2; exit 2; }
for c in sipp baresip python3 java; do command -v $c >/dev/null || { echo "$c not found" >&2; exit 2; }; done
[[ -r $JAR ]] || { echo "no $JAR: run mvn -B -o -q -DskipTests package" >&2; exit 2; }
mkdir -p "$OUT_DIR"
if [[ ! -d $DATA ]]; then
  mkdir -p "$(dirname "$DATA")"
  "$HERE/../sip/prepare-phonehome.sh" "$DATA" 200 $((199 + MAX_CALLS)) > "$OUT_DIR/prepare.log"
fi
# a data directory prepared by an earlier, smaller run lacks the lines of the larger steps
have=$(( $(wc -l < "$DATA/bench-lines.csv" 2>/dev/null || echo 1) - 1 ))
(( have >= MAX_CALLS )) || { echo "$DATA holds $have lines, this run needs $MAX_CALLS: give another DATA=" >&2; exit 2; }

STARTED=()   # PIDs this script started (stopped by PID at exit)
cleanup() { local p; for p in "${STARTED[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# ---------- targets ----------
start_phonehome() {
  java -Xms512m -Xmx512m -XX:+UseParallelGC ${PH_JAVA_OPTS:-} -jar "$JAR" serve --data-dir="$DATA" --bind=127.0.0.1 \
      --https-port=0 --admin-port=0 --sip-port=$PH_PORT --sip-tls-port=$((PH_PORT + 1)) \
      --sip_echo_number=600 --rtp_port_min=30000 --rtp_port_max=33998 --media_calls_max=2000 \
      > "$OUT_DIR/phonehome.log" 2>&1 &
  TARGET_PID=$!; STARTED+=("$TARGET_PID")
  wait_udp $PH_PORT
  TARGET_HOST=127.0.0.1:$PH_PORT; CALLEE=600; AUTH=1
}
start_baresip() {
  local d=$OUT_DIR/baresip; mkdir -p "$d"
  cat > "$d/config" <<EOF
poll_method		epoll
sip_listen		127.0.0.1:$BARESIP_PORT
net_interface		127.0.0.1
dns_server		127.0.0.1:53
rtp_ports		34000-37998
call_max_calls		2000
module_path		/usr/lib/baresip/modules
module			g711.so
module			aubridge.so
module_app		account.so
module_app		echo.so
audio_player		none
audio_source		none
audio_alert		none
EOF
  echo "<sip:echo@127.0.0.1>;regint=0;audio_codecs=PCMU" > "$d/accounts"; : > "$d/contacts"
  baresip -f "$d" -t 3600 > "$OUT_DIR/baresip.log" 2>&1 < /dev/null &
  TARGET_PID=$!; STARTED+=("$TARGET_PID")
  wait_udp $BARESIP_PORT
  TARGET_HOST=127.0.0.1:$BARESIP_PORT; CALLEE=echo; AUTH=0
}
start_sipp() {
  sipp -sn uas -rtp_echo -mp 38000 -mi 127.0.0.1 -i 127.0.0.1 -p $UAS_PORT -nostdin \
       -trace_err -error_file "$OUT_DIR/uas-errors.log" > "$OUT_DIR/uas.log" 2>&1 < /dev/null &
  TARGET_PID=$!; STARTED+=("$TARGET_PID")
  wait_udp $UAS_PORT
  TARGET_HOST=127.0.0.1:$UAS_PORT; CALLEE=service; AUTH=0
}
wait_udp() { local l; for _ in $(seq 1 120); do l=$(ss -Hun state all "sport = :$1"); [[ -n $l ]] && return 0; sleep 0.5; done; echo "nothing on udp $1" >&2; exit 1; }
stop_target() {
  kill -TERM "$TARGET_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$TARGET_PID" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$TARGET_PID" 2>/dev/null || true
}

# ---------- one step ----------
# step TARGET N -> prints the RESULT line, sets LAST_LOSS and LAST_FAILED
step() {
  local target=$1 n=$2 dir=$OUT_DIR/$1-$2 i u
  mkdir -p "$dir"
  { echo SEQUENTIAL
    for ((i = 0; i < n; i++)); do u=$((200 + i))
      if (( AUTH )); then echo "$u;$CALLEE;[authentication username=$u password=pw$u];$((RTP_BASE + 2 * i))"
      else echo "$u;$CALLEE;;$((RTP_BASE + 2 * i))"; fi
    done; } > "$dir/calls.csv"
  : > "$dir/map.txt"
  # hold: every call set up (n / SETUP_RATE s) + the RTP window + 3 s of margin
  local hold_ms=$(( (n * 1000 / SETUP_RATE) + HOLD * 1000 + 3000 ))
  ( cd "$dir" && exec timeout -k 5 $((hold_ms / 1000 + 60)) sipp "$TARGET_HOST" -sf "$HERE/sipp/echo-call.xml" \
      -inf calls.csv -key domain 127.0.0.1 -trace_logs -log_file "$dir/map.txt" -d $hold_ms -r $SETUP_RATE \
      -m $n -l $n -i 127.0.0.1 -p $SIPP_UAC_PORT -nostdin -timeout $((hold_ms / 1000 + 40)) \
      -trace_err -trace_stat -fd 1 > sipp.out 2>&1 < /dev/null ) &
  local sipp_pid=$!
  local pids=$TARGET_PID
  local res
  res=$(timeout $((HOLD + 150)) python3 "$HERE/rtp-echo-client.py" "$dir/map.txt" "$n" "$HOLD" "$pids" | tail -1)
  local rc=0; wait $sipp_pid || rc=$?
  local failed; failed=$(awk -F';' 'NR==1{for(i=1;i<=NF;i++) if($i=="FailedCall(C)") c=i; next} {v=$c} END{print v+0}' "$dir"/*_.csv 2>/dev/null || echo "?")
  echo "$target calls=$n $res sipp_exit=$rc failed_calls=$failed"
  LAST_LOSS=$(sed -n 's/.*loss_pct=\([0-9.na]*\).*/\1/p' <<< "$res"); LAST_FAILED=$failed
  [[ -z $LAST_LOSS ]] && LAST_LOSS=100
  if [[ -n $RESULTS_CSV ]]; then
    [[ -s $RESULTS_CSV ]] || echo "date,target,line" > "$RESULTS_CSV"
    echo "$(date -u +%FT%TZ),$target,\"calls=$n $res sipp_exit=$rc failed_calls=$failed\"" >> "$RESULTS_CSV"
  fi
  sleep 2
}

echo "# $(date -u +%FT%TZ) $(nproc) cpus; HOLD=$HOLD s; CALLS=$CALLS; RAMP=$RAMP; out: $OUT_DIR"
for target in $TARGETS; do
  "start_$target"
  if [[ $target == phonehome && $WARMUP -gt 0 ]]; then
    HOLD_SAVE=$HOLD; HOLD=$WARMUP; step phonehome-warmup 50 > /dev/null; HOLD=$HOLD_SAVE
  fi
  for n in $CALLS; do step "$target" "$n"; done
  if [[ $target == phonehome ]]; then
    best=""
    for n in $RAMP; do
      step "$target" "$n"
      if awk -v l="$LAST_LOSS" -v m="$MAX_LOSS_PCT" 'BEGIN{exit !(l+0 < m+0)}' && [[ $LAST_FAILED == 0 ]]; then best=$n; else break; fi
    done
    echo "phonehome ramp: highest passing step ${best:-none} (loss < $MAX_LOSS_PCT %, no failed call)"
  fi
  stop_target
done
