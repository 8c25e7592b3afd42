#!/usr/bin/env bash
# Registrations over TCP and TLS, one connection per phone: Phonehome and the Kamailio reference in
# the same run, server CPU per authenticated registration (REGISTER -> 401 -> REGISTER with digest
# -> 200) at one fixed rate, the cost of opening the connections reported apart.
#
# From a clean checkout, as root (install-deps.sh installs sip-tester, kamailio,
# kamailio-tls-modules, haproxy, openssl):
#
#   bench/sip/install-deps.sh
#   mvn -B -q -DskipTests package
#   CONNECT_RATE=200 bench/sip/stream-compare.sh [PHONES=10000] [RATE=1000] [ROUNDS=3]
#
# PHONES phones connect at CONNECT_RATE/s (default RATE) and register; then they re-register
# ROUNDS times at RATE/s on their open connections. Duration per server: WARMUP_SECONDS (60) of UDP
# warm-up, then per transport a stream warm-up of WARMUP_PHONES phones (one round) and the
# measured run: PHONES/CONNECT_RATE + GAP + (ROUNDS + 1) x (PHONES/RATE + GAP) s. With the command
# above (10,000 phones, 200/s connecting, 1,000/s re-registering, 3 rounds, GAP 4 s, 1 rep) that
# is about 60 + 2 x (47 + 115) s per server, about 13 minutes for both, plus the preparation of the
# Phonehome data directory (prepare-phonehome.sh, ~30 s) unless PREPARED_DATA is given.
# Validation at small scale: CONNECT_RATE=100 bench/sip/stream-compare.sh 1000 200 2
#
# Every phone is one SIPp "call" of sipp/gen-stream-scenario.sh's scenario with -t tn (SIPp opens
# one TCP connection per call at its first message and closes it when the call ends):
#   round 0      connect, REGISTER -> 401 -> REGISTER with digest -> 200, at CONNECT_RATE/s
#                                                                           (window "connect")
#   rounds 1..N  the same registration again on the still open connection, each round PHONES/RATE
#                s long at RATE/s, separated by GAP s without traffic       (windows "again")
#   end          the phones close their connections at RATE/s               (window "close")
# The server's CPU (utime+stime of its processes from /proc, Kamailio's children included) is
# sampled in the quiet gaps between the rounds, so each window holds exactly one round; the
# registrations of each window come from SIPp's per-second message counts (-trace_counts).
#   us/reg "again"   = CPU of rounds 1..N / their registrations: the steady cost of a registration
#                      on an open connection (comparable with the UDP figures of compare-builds.sh)
#   us/reg "connect" = CPU of round 0 / its registrations: the same plus accepting the connection
#                      (and for TLS its handshake); the difference is the connection's cost.
#   close            = CPU of the closing window per closed connection.
# Also printed: the CPU of the connect window and of round 1 by JVM thread (Phonehome) or by
# process (Kamailio, as `kamcmd core.psx` names them).
#
# TLS: Debian's sip-tester (SIPp 3.6.1) is built without OpenSSL (`-t ln` stops with "To use a TLS
# transport you must compile SIPp with OpenSSL"), so for TLS SIPp speaks TCP (-t tn) to a local
# haproxy that opens one TLS connection to the server per SIPp connection (mode tcp, `ssl verify
# none no-ssl-reuse`: a full handshake per phone, no session resumption). The server does exactly
# the TLS work of 10,000 phones; the Via of the phones says TCP. One haproxy process holds two
# sockets per phone and the hard open-files limit here is 20,000, so RELAYS (PHONES/5000 rounded
# up) haproxy processes share the port (SO_REUSEPORT).
# Both servers present the same certificate, made here with openssl (EC P-256, like Phonehome's own):
# Phonehome through tls_certificate_file / tls_key_file, Kamailio through its tls module.
#
# env: SERVERS ("kamailio phonehome")  TRANSPORTS ("tcp tls")  REPS (1)  GAP (4 s)
#      JAR (target/phonehome.jar)  JAVA_OPTS ("-XX:+UseParallelGC -Xms1g -Xmx1g")
#      PHONEHOME_OPTS (--sip-max-connections=PHONES+10000; extra `serve` options)
#      PREPARED_DATA  a prepare-phonehome.sh directory (lines 200..10199) copied per rep
#      WARMUP_SECONDS (60) WARMUP_RATE (2000): UDP warm-up of each server (the JIT; Kamailio too,
#                     for symmetry);  WARMUP_PHONES (min(PHONES, 5000)): stream warm-up per transport
#                     (at 1,000 phones C2 was still compiling Phonehome's TCP/TLS path in the
#                     measured connect window: give it thousands of connections first)
#      K_SHM_MB (256 + PHONES/5): Kamailio's shared memory in MB (its TLS state lives there)
#      K_TCP_CHILDREN (2): Kamailio's TCP/TLS worker processes
#      P_PORT (5380: Phonehome UDP+TCP, +1 TLS)  K_PORT (5370: Kamailio UDP+TCP, +1 TLS)
#      RELAY_PORT (5390)  EXPIRES (3600)  CONTACT_PORT (5060)  OUT_DIR (/tmp/sip-bench/stream-<time>)
# Users 200..(200+PHONES-1), password pw<user>, as bench-register.sh's. Loopback only; every
# process started here is bounded by timeout and stopped by its PID.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PHONES=${1:-10000}; RATE=${2:-1000}; ROUNDS=${3:-3}
CONNECT_RATE=${CONNECT_RATE:-$RATE}
SERVERS=${SERVERS:-kamailio phonehome}
TRANSPORTS=${TRANSPORTS:-tcp tls}
REPS=${REPS:-1}
GAP=${GAP:-4}
JAR=${JAR:-$REPO/target/phonehome.jar}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError}
# the same headroom as Kamailio's TCP_MAX_CONNECTIONS below: a limit the phones do not reach
PHONEHOME_OPTS=${PHONEHOME_OPTS:---sip-max-connections=$((PHONES + 10000))}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}; WARMUP_RATE=${WARMUP_RATE:-2000}
WARMUP_PHONES=${WARMUP_PHONES:-$(( PHONES < 5000 ? PHONES : 5000 ))}
P_PORT=${P_PORT:-5380}; K_PORT=${K_PORT:-5370}; RELAY_PORT=${RELAY_PORT:-5390}
EXPIRES=${EXPIRES:-3600}; CONTACT_PORT=${CONTACT_PORT:-5060}
OUT_DIR=${OUT_DIR:-/tmp/sip-bench/stream-$(date +%Y%m%d-%H%M%S)}
RELAYS=${RELAYS:-$(( (PHONES + 4999) / 5000 ))}

[[ $PHONES =~ ^[0-9]+$ && $PHONES -ge 10 && $PHONES -le 10000 ]] || { echo "PHONES must be 10..10000 (users 200..10199)" >&2; exit 2; }
[[ $RATE =~ ^[0-9]+$ && $RATE -ge 1 ]] || { echo "RATE must be a positive integer" >&2; exit 2; }
[[ $CONNECT_RATE =~ ^[0-9]+$ && $CONNECT_RATE -ge 1 ]] || { echo "CONNECT_RATE must be a positive integer" >&2; exit 2; }
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 20 ]] || { echo "ROUNDS must be 1..20" >&2; exit 2; }
[[ $GAP =~ ^[0-9]+$ && $GAP -ge 3 ]] || { echo "GAP must be >= 3 s (the samples sit in the gaps, SIPp counts per second)" >&2; exit 2; }
for c in sipp kamailio kamcmd haproxy openssl ss java; do command -v "$c" >/dev/null || { echo "$c not found: run bench/sip/install-deps.sh" >&2; exit 2; }; done
[[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so || -n $(find /usr/lib -path '*kamailio/modules/tls.so' -print -quit 2>/dev/null) ]] \
  || { echo "Kamailio's tls module is missing: apt-get install kamailio-tls-modules (install-deps.sh)" >&2; exit 2; }
[[ $SERVERS != *phonehome* || -r $JAR ]] || { echo "no $JAR: mvn -B -q -DskipTests package" >&2; exit 2; }

# one descriptor per connection in SIPp, the server and (two) in each relay: take the hard limit
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > PHONES + 1000 )) || { echo "open-files limit $(ulimit -n) too small for $PHONES connections" >&2; exit 2; }

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
RES=$OUT_DIR/results.csv
CLK_TCK=$(getconf CLK_TCK)

# users: exactly PHONES of them, one per phone (gen-users.sh keeps 100 back for call tests)
USERS=$OUT_DIR/users.csv
{ echo SEQUENTIAL; for ((u = 200; u < 200 + PHONES; u++)); do echo "$u;pw$u;[authentication username=$u password=pw$u]"; done; } > "$USERS"
# the test certificate both servers present (and SIPp's own TLS context would need one too)
TLS_DIR=$OUT_DIR/tls; mkdir -p "$TLS_DIR"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$TLS_DIR/key.pem" -out "$TLS_DIR/cert.pem" 2>/dev/null

# ---------- processes we start (stopped by PID) ----------
SERVER=""; JAVA_PID=""; RELAY_PIDS=()
# Kamailio keeps each TLS connection's OpenSSL state in its shared memory: with the default 256 MB
# it corrupted its allocator and stopped answering at 10,000 TLS phones (kamailio.log: "qm: prev.
# fragm. tail overwritten ... called from tls: tls_init.c"); with 1 GB 5,000 phones registered
# without a failure. So 256 MB plus 200 KB per phone (K_SHM_MB overrides).
K_SHM_MB=${K_SHM_MB:-$((256 + PHONES / 5))}
K_CTL=(env RUN_DIR="$OUT_DIR/kamailio" PORT="$K_PORT" UDP_CHILDREN=2 TCP_CHILDREN="${K_TCP_CHILDREN:-2}" SHM_MB="$K_SHM_MB"
       EXTRA_DEFINES="USER_LAST=10199 TCP_MAX_CONNECTIONS=$((PHONES + 10000)) WITH_TLS TLS_PORT=$((K_PORT + 1)) TLS_CERT=\"$TLS_DIR/cert.pem\" TLS_KEY=\"$TLS_DIR/key.pem\""
       "$HERE/kamailio/kamailio-ref.sh")
stop_relays() {
  local p
  for p in "${RELAY_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${RELAY_PIDS[@]}"; do for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null || true; done
  RELAY_PIDS=()
}
stop_phonehome() {
  [[ -n $SERVER ]] || return 0
  [[ -n $JAVA_PID ]] && kill -TERM "$JAVA_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$SERVER" 2>/dev/null || { SERVER=""; JAVA_PID=""; return 0; }; sleep 0.1; done
  kill -KILL "$SERVER" 2>/dev/null || true
  SERVER=""; JAVA_PID=""
}
stop_all() { stop_relays; stop_phonehome; "${K_CTL[@]}" stop >/dev/null 2>&1 || true; }
trap stop_all EXIT

start_relays() {  # start_relays TLS_PORT: RELAYS haproxy processes on RELAY_PORT, each phone -> one TLS connection
  local cfg=$OUT_DIR/haproxy-$1.cfg i
  cat > "$cfg" <<EOF
global
    maxconn $(( PHONES / RELAYS + 2000 ))
    nbthread 1
    log stderr format short local0 warning
defaults
    mode tcp
    log global
    timeout connect 10s
    timeout client 1h
    timeout server 1h
    maxconn $(( PHONES / RELAYS + 2000 ))
listen sip-tls
    bind 127.0.0.1:$RELAY_PORT
    server registrar 127.0.0.1:$1 ssl verify none no-ssl-reuse
EOF
  for ((i = 0; i < RELAYS; i++)); do
    timeout -k 5 3600 haproxy -db -f "$cfg" > "$OUT_DIR/haproxy-$1-$i.log" 2>&1 &
    RELAY_PIDS+=($!)
  done
  for _ in $(seq 1 50); do ss -ltnH "sport = :$RELAY_PORT" | grep -q . && return 0; sleep 0.1; done
  echo "haproxy did not listen on $RELAY_PORT:" >&2; cat "$OUT_DIR"/haproxy-"$1"-*.log >&2; exit 1
}

# ---------- sampling ----------
pids_ticks() { local t=0 p v; for p in "$@"; do v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}') || v=0; t=$((t + ${v:-0})); done; echo "$t"; }
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $7+$8}' /proc/stat; }
established() { ss -tnH state established "( sport = :$1 )" 2>/dev/null | wc -l; }
close_wait() { ss -tnH state close-wait "( sport = :$1 )" 2>/dev/null | wc -l; }
server_pids() {  # the server's processes (Kamailio: main + children)
  if [[ $1 == kamailio ]]; then "${K_CTL[@]}" pids; else echo "$JAVA_PID"; fi
}
server_fds() { local n=0 p; for p in $(server_pids "$1"); do n=$((n + $(ls "/proc/$p/fd" 2>/dev/null | wc -l))); done; echo "$n"; }

# sample NAME REL_S: wait until REL_S s after T0_NS, then one line "NAME epoch_s server_ticks busy softirq established"
sample() {
  local now rel wait
  now=$(date +%s%N); wait=$(awk -v t0="$T0_NS" -v r="$2" -v n="$now" 'BEGIN{w=(t0 + r*1e9 - n)/1e9; printf "%.3f", (w>0? w : 0)}')
  sleep "$wait"
  local -a tp; read -r -a tp <<< "$S_PIDS"
  local t m; t=$(pids_ticks "${tp[@]}"); m=$(machine_ticks)
  echo "$1 $(date +%s.%N) $t $m $(established "$S_PORT")"
  # Phonehome: CPU ticks per JVM thread (name as the kernel keeps it, 15 characters), for the
  # per-window breakdown by thread
  if [[ -n $JAVA_PID && " $S_PIDS " == *" $JAVA_PID "* ]]; then
    cat /proc/"$JAVA_PID"/task/*/stat 2>/dev/null | sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1\t\2/' \
      | awk -F'\t' -v s="$1" '{split($2, a, " "); gsub(/[ 0-9]+$/, "", $1); t[$1] += a[11] + a[12]} END{for (k in t) printf "%s\t%s\t%d\n", s, k, t[k]}' >> "$THREADS_FILE"
  fi
  # Kamailio: CPU ticks per process, named as `kamcmd core.psx` describes it
  if [[ -s ${KAM_PSX:-} ]]; then
    local pid desc
    while IFS=$'\t' read -r pid desc; do echo -e "$1\t$desc\t$(pids_ticks "$pid")"; done < "$KAM_PSX" >> "$THREADS_FILE"
  fi
}
threads_top() {  # threads_top FILE FROM TO -> the 6 thread groups (names without their numbers) with most CPU in the window
  awk -F'\t' -v a="$2" -v b="$3" -v hz="$CLK_TCK" '$1==a {x[$2]=$3} $1==b {y[$2]=$3} END{for (k in y) if (y[k]-x[k] > 0) printf "%d\t%s\n", y[k]-x[k], k}' "$1" \
    | sort -rn | head -6 | awk -F'\t' -v hz="$CLK_TCK" '{printf "%s%s %.2fs", (NR>1? ", " : ""), $2, $1/hz} END{print ""}'
}

# ---------- one measured (or warm-up) stream run ----------
# stream_run SERVER TRANSPORT SIPP_PORT SERVER_PORT N ROUNDS LABEL DIR
stream_run() {
  local srv=$1 tr=$2 sport=$3 S_PORT=$4 n=$5 rounds=$6 label=$7 dir=$8
  mkdir -p "$dir"
  # round 0 (connect) takes n/CONNECT_RATE s, each later round n/RATE s, GAP s of quiet after each;
  # phone i connects at i/CONNECT_RATE and pauses (field3) until tconn + i/RATE
  local cycle cycle_ms tconn; cycle=$(awk -v n="$n" -v r="$RATE" -v g="$GAP" 'BEGIN{printf "%.3f", n/r + g}'); cycle_ms=$(awk -v c="$cycle" 'BEGIN{printf "%d", c*1000}')
  tconn=$(awk -v n="$n" -v r="$CONNECT_RATE" -v g="$GAP" 'BEGIN{printf "%.3f", n/r + g}')
  "$HERE/sipp/gen-stream-scenario.sh" "$rounds" "$cycle_ms" "$cycle_ms" field3 > "$dir/register-stream.xml"
  local users=$dir/users.csv
  head -n $((n + 1)) "$USERS" | awk -F';' -v OFS=';' -v t="$tconn" -v r="$RATE" -v cr="$CONNECT_RATE" \
      'NR==1 {print; next} {i = NR - 2; print $1, $2, $3, sprintf("%d", 1000 * (t + i/r - i/cr))}' > "$users"
  local total; total=$(awk -v t="$tconn" -v c="$cycle" -v k="$rounds" 'BEGIN{printf "%d", t + c*(k+1) + 60}')
  S_PIDS=$(server_pids "$srv" | tr '\n' ' ')
  local fds0; fds0=$(server_fds "$srv")
  THREADS_FILE=$dir/threads.tsv; : > "$THREADS_FILE"
  KAM_PSX=""
  if [[ $srv == kamailio ]]; then
    KAM_PSX=$dir/psx.tsv
    kamcmd -s "unix:$OUT_DIR/kamailio/kamailio_ctl" core.psx 2>/dev/null \
      | awk '/PID:/{p=$2} /DSC:/{sub(/^[ \t]*DSC: */, ""); gsub(/\t/, " "); print p "\t" $0}' > "$KAM_PSX" || true
  fi
  local -a args=("127.0.0.1:$sport" -sf "$dir/register-stream.xml" -inf "$users" -key domain 127.0.0.1 -key expires "$EXPIRES"
                 -t tn -max_socket $((n + 100)) -r "$CONNECT_RATE" -rp 1000 -m "$n" -l $((n + 100)) -i 127.0.0.1
                 -nostdin -default_behaviors all,-bye -timeout "${total}s" -timeout_error -recv_timeout 10000
                 -trace_stat -stf "$dir/stat.csv" -trace_counts -fd 1 -trace_err -max_log_size 20000000)
  # the Contact keeps CONTACT_PORT, not the connection's port: one binding per phone however many runs
  sed -i "s/\[local_ip\]:\[local_port\];transport/[local_ip]:$CONTACT_PORT;transport/" "$dir/register-stream.xml"
  T0_NS=$(date +%s%N)
  {
    sample start 0
    ( cd "$dir" && exec timeout -k 5 $((total + 30)) /usr/bin/time -f "%U %S %e" -o "$dir/sipp.time" sipp "${args[@]}" ) > "$dir/sipp.out" 2>&1 < /dev/null &
    local sp=$! k
    for ((k = 1; k <= rounds + 1; k++)); do
      # gap before round k: traffic of round k-1 has ended GAP s before round k starts; SIPp's
      # start-up and the answers' latency delay the rounds a little, so sample in the gap's middle
      # and just before round k (SIPp's counts are read at the last row written before each sample)
      sample "gs$k" "$(awk -v t="$tconn" -v c="$cycle" -v k="$k" -v g="$GAP" 'BEGIN{print t + (k-1)*c - g/2}')"
      sample "ge$k" "$(awk -v t="$tconn" -v c="$cycle" -v k="$k" 'BEGIN{print t + (k-1)*c - 0.25}')"
    done
    wait "$sp" || echo "sipp-rc $?" >&2
    echo "sipp-end $(date +%s.%N)" >&2
    sample end 0
  } > "$dir/samples.txt" 2> "$dir/sampler.err"
  # the server has closed its side when it has no connection left on its port (poll, max 15 s)
  local left=0 cw=0 waited=0
  for waited in $(seq 0 15); do left=$(established "$S_PORT"); cw=$(close_wait "$S_PORT"); (( left + cw == 0 )) && break; sleep 1; done
  local fds1; fds1=$(server_fds "$srv")
  local after="after close: $left established, $cw close-wait on :$S_PORT after ${waited}s; server fds $fds0 before, $fds1 after"
  echo "$after" > "$dir/after.txt"
  [[ $label == warmup* ]] && return 0
  report "$srv" "$tr" "$n" "$rounds" "$label" "$dir" "$after"
  if [[ -s $THREADS_FILE ]]; then
    local what="JVM threads"; [[ $srv == kamailio ]] && what="processes"
    echo "    $what, CPU in the connect window: $(threads_top "$THREADS_FILE" start gs1)"
    echo "    $what, CPU in round 1:            $(threads_top "$THREADS_FILE" ge1 gs2)"
  fi
}

report() {
  local srv=$1 tr=$2 n=$3 rounds=$4 label=$5 dir=$6 after=$7
  local counts; counts=$(ls "$dir"/*_counts.csv 2>/dev/null | head -1 || true)
  local st=$dir/stat.csv
  [[ -s $counts && -s $st ]] || { echo "  $label: SIPp wrote no statistics, see $dir/sipp.out"; tail -3 "$dir/sipp.out" | sed 's/^/    /'; return; }
  local col_ok col_fail
  # SIPp's final counters
  col() { awk -F';' -v n="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==n) c=i; next} {v=$c} END{print (c? v+0 : "")}' "$1"; }
  local ok failed att tcpf
  ok=$(col "$st" 'SuccessfulCall(C)'); failed=$(col "$st" 'FailedCall(C)'); att=$(col "$st" 'OutgoingCall(C)')
  tcpf=$(( $(col "$st" 'FailedTcpConnect(C)') + $(col "$st" 'FailedTcpClosed(C)') ))
  local fto fun; fto=$(col "$st" 'FailedTimeoutOnRecv(C)'); fun=$(col "$st" 'FailedUnexpectedMessage(C)')
  local su=0 sy=0 se=0
  read -r su sy se < <(tail -1 "$dir/sipp.time" 2>/dev/null) || true
  # windows from the samples and the per-second counts (sum of all "200 received" columns = registrations done)
  awk -v hz="$CLK_TCK" -v rounds="$rounds" -v n="$n" -v srv="$srv" -v tr="$tr" -v label="$label" -v rate="$RATE" -v crate="$CONNECT_RATE" \
      -v ok="$ok" -v failed="$failed" -v att="$att" -v tcpf="$tcpf" -v fto="$fto" -v fun="$fun" -v after="$after" \
      -v su="${su:-0}" -v sy="${sy:-0}" -v now="$(date +%Y-%m-%dT%H:%M:%S)" -v res="$RES" -v dir="$dir" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    FILENAME == ARGV[1] {   # samples: name epoch ticks busy softirq established
      nm[$1] = $2; tk[$1] = $3; bz[$1] = $4; sq[$1] = $5; es[$1] = $6; next }
    FNR == 1 { for (i = 1; i <= NF; i++) { if ($i ~ /_200_Recv$/) c200[i] = 1; if ($i ~ /_(Timeout|Unexp)$/) cbad[i] = 1 }; next }
    { split($1, a, "\t"); t = a[3] + 0; s = 0; b = 0
      for (i in c200) s += $i; for (i in cbad) b += $i
      rows++; rt[rows] = t; rs[rows] = s; rb[rows] = b }
    function at(t, arr,   i, best) { best = 0   # value of arr at the last row written at or before time t
      for (i = 1; i <= rows; i++) if (rt[i] <= t) best = i
      return best ? arr[best] : 0 }
    function win(a, b, name,   regs, cpu, us, bad, secs, i, d, cnt, sum, first, last) {
      regs = at(nm[b], rs) - at(nm[a], rs); bad = at(nm[b], rb) - at(nm[a], rb)
      cpu = (tk[b] - tk[a]) / hz; us = (regs > 0 ? cpu * 1e6 / regs : 0)
      # achieved rate: registrations per second over the seconds that carried traffic (edges left out)
      cnt = 0; sum = 0; first = 0
      for (i = 2; i <= rows; i++) if (rt[i] > nm[a] && rt[i] <= nm[b] && rs[i] > rs[i-1]) { if (!first) first = i; last = i }
      for (i = first + 1; first && i < last; i++) { sum += rs[i] - rs[i-1]; cnt++ }
      W_regs[name] = regs; W_cpu[name] = cpu; W_us[name] = us; W_bad[name] = bad; W_rate[name] = (cnt ? sum / cnt : 0)
      W_secs[name] = nm[b] - nm[a] }
    END {
      win("start", "gs1", "connect")
      ar = 0; ac = 0; ab = 0; rsum = 0; rn = 0
      for (k = 1; k <= rounds; k++) { win("ge" k, "gs" (k+1), "r" k); ar += W_regs["r" k]; ac += W_cpu["r" k]; ab += W_bad["r" k]
                                       if (W_rate["r" k] > 0) { rsum += W_rate["r" k]; rn++ } }
      win("ge" (rounds+1), "end", "close")
      # idle: the quiet gaps (gsK -> geK), server CPU % of one core
      it = 0; is = 0; for (k = 1; k <= rounds + 1; k++) { it += tk["ge" k] - tk["gs" k]; is += nm["ge" k] - nm["gs" k] }
      idle = (is > 0 ? 100 * it / hz / is : 0)
      peak = 0; for (k in es) if (es[k] > peak) peak = es[k]
      again = (ar > 0 ? ac * 1e6 / ar : 0); conn = W_us["connect"] - again
      closeus = (n > 0 ? W_cpu["close"] * 1e6 / n : 0)
      printf "  %s: %d phones, connecting at %s/s, re-registering at %s/s; SIPp: %d of %d phones succeeded, %d failed (recv timeout %d, unexpected %d, tcp %d), %d started\n", label, n, crate, rate, ok, n, failed, fto, fun, tcpf, att
      printf "    connect   round 0:      %6d registrations (%.0f/s), server CPU %6.2f s = %7.1f us/registration (+ connection)\n", W_regs["connect"], W_rate["connect"], W_cpu["connect"], W_us["connect"]
      for (k = 1; k <= rounds; k++)
        printf "    again     round %d:      %6d registrations (%.0f/s), server CPU %6.2f s = %7.1f us/registration, %d bad messages\n", k, W_regs["r" k], W_rate["r" k], W_cpu["r" k], W_us["r" k], W_bad["r" k]
      printf "    close:                  %6.2f s of server CPU = %.1f us per connection closed\n", W_cpu["close"], closeus
      printf "    => re-registration on an open connection %.1f us; a new connection adds %.1f us; peak %d established connections on the server port; server idle %.1f%% of a core in the gaps; SIPp CPU %.1f s; load %s\n", again, conn, peak, idle, su + sy, load
      printf "    %s\n", after
      if (W_regs["connect"] != n || ar != n * rounds) printf "    WARNING: a window does not hold exactly one round (%d + %d registrations, expected %d + %d): slow answers smeared the rounds, read the windows with care\n", W_regs["connect"], ar, n, n * rounds
      printf "%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%s,\"%s\",%s\n", now, label, srv, tr, n, crate, rate, rounds, ok, failed, ar, (rn ? rsum / rn : 0), W_us["connect"], again, conn, closeus, peak, idle, load, after, dir >> res
    }' "$dir/samples.txt" FS=';' "$counts"
}

echo "time,label,server,transport,phones,connect_rate,rate,rounds,phones_ok,phones_failed,re_registrations,re_reg_per_s,us_per_reg_connect,us_per_reg_again,us_per_connection,us_per_close,peak_established,idle_pct,load1,after,dir" > "$RES"
echo "# $(date -Is) stream-compare: $PHONES phones connecting at $CONNECT_RATE/s, re-registering at $RATE/s, $ROUNDS re-registration rounds, gap ${GAP}s, servers '$SERVERS', transports '$TRANSPORTS', reps $REPS"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); open files $(ulimit -n); ephemeral ports $(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range); tcp_tw_reuse $(cat /proc/sys/net/ipv4/tcp_tw_reuse); somaxconn $(cat /proc/sys/net/core/somaxconn)"
echo "# sipp $(sipp -v 2>&1 | awk '/SIPp v/{print $2}' | head -1), $(kamailio -v | head -1), $(haproxy -v | head -1 | cut -d' ' -f1-3), java $(java -version 2>&1 | head -1); JAVA_OPTS='$JAVA_OPTS' PHONEHOME_OPTS='$PHONEHOME_OPTS'"
echo "# out $OUT_DIR; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $SERVERS == *phonehome* && -z ${PREPARED_DATA:-} ]]; then
  echo "# preparing the Phonehome data directory (10,000 lines) ..."
  JAR=$JAR "$HERE/prepare-phonehome.sh" "$OUT_DIR/prepared" 200 10199 > "$OUT_DIR/prepare.log" 2>&1 || { tail -20 "$OUT_DIR/prepare.log"; exit 1; }
  PREPARED_DATA=$OUT_DIR/prepared
fi

tls_check() {  # tls_check PORT -> "TLSv1.3 TLS_AES_256_GCM_SHA384 ECDSA X25519, the test certificate" as openssl sees the server
  local out fp want
  out=$(echo | timeout 10 openssl s_client -connect "127.0.0.1:$1" 2>/dev/null || true)
  fp=$(openssl x509 -noout -fingerprint -sha256 <<< "$out" 2>/dev/null || true)
  want=$(openssl x509 -noout -fingerprint -sha256 -in "$TLS_DIR/cert.pem")
  echo "$(awk '/^New, /{v=$2; c=$NF} /Peer signature type/{s=$NF} /Server Temp Key/{k=$4} END{print v, c, s, k}' <<< "$out" | tr -d ','), $([[ $fp == "$want" ]] && echo "the test certificate" || echo "NOT the test certificate")"
}

for rep in $(seq "$REPS"); do
  for srv in $SERVERS; do
    if [[ $srv == kamailio ]]; then
      "${K_CTL[@]}" start > /dev/null
      udp=$K_PORT; tcp=$K_PORT; tls=$((K_PORT + 1))
    else
      rm -rf "$OUT_DIR/data-$rep"; cp -a "$PREPARED_DATA" "$OUT_DIR/data-$rep"
      # shellcheck disable=SC2086
      timeout -k 10 3600 java $JAVA_OPTS -jar "$JAR" serve --data-dir="$OUT_DIR/data-$rep" --bind=127.0.0.1 --https-port=0 --admin-port=0 \
          --sip-port="$P_PORT" --sip-tls-port=$((P_PORT + 1)) --tls-certificate-file="$TLS_DIR/cert.pem" --tls-key-file="$TLS_DIR/key.pem" \
          $PHONEHOME_OPTS > "$OUT_DIR/phonehome-$rep.log" 2>&1 &
      SERVER=$!
      for _ in $(seq 1 240); do grep -q "Phonehome SIP listening" "$OUT_DIR/phonehome-$rep.log" && break; kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
      grep -q "Phonehome SIP listening" "$OUT_DIR/phonehome-$rep.log" || { echo "Phonehome did not start:"; tail -20 "$OUT_DIR/phonehome-$rep.log"; exit 1; }
      JAVA_PID=$(ps -o pid= --ppid "$SERVER" | tr -d ' ')
      udp=$P_PORT; tcp=$P_PORT; tls=$((P_PORT + 1))
    fi
    echo "== $srv rep $rep ($(date +%T), load $(cut -d' ' -f1 /proc/loadavg)): TLS as openssl sees it: $(tls_check "$tls")"
    if (( WARMUP_SECONDS > 0 )); then
      OUT_DIR="$OUT_DIR/warmup-udp-$srv-$rep" TARGET_PIDS="$(server_pids "$srv" | tr '\n' ' ')" USERS_CSV="$USERS" QUIET_WAIT=0 \
          "$HERE/bench-register.sh" 127.0.0.1 "$udp" "$WARMUP_RATE" "$WARMUP_SECONDS" > /dev/null 2>&1 || true
    fi
    for tr in $TRANSPORTS; do
      if [[ $tr == tls ]]; then start_relays "$tls"; sport=$RELAY_PORT; port=$tls; else sport=$tcp; port=$tcp; fi
      stream_run "$srv" "$tr" "$sport" "$port" "$WARMUP_PHONES" 1 "warmup $srv $tr" "$OUT_DIR/warmup-$srv-$tr-$rep"
      stream_run "$srv" "$tr" "$sport" "$port" "$PHONES" "$ROUNDS" "$srv $tr rep=$rep" "$OUT_DIR/run-$srv-$tr-$rep"
      [[ $tr == tls ]] && stop_relays
    done
    if [[ $srv == kamailio ]]; then
      "${K_CTL[@]}" status 2>/dev/null | grep -E 'registered_users|accepted_regs|rejected_regs' | sed 's/^/    kamailio /' || true
      "${K_CTL[@]}" stop > /dev/null 2>&1 || true
    else
      echo "    phonehome log: $(grep -c -E 'WARN|ERROR' "$OUT_DIR/phonehome-$rep.log" || true) lines with WARN or ERROR ($OUT_DIR/phonehome-$rep.log)"
      stop_phonehome
    fi
  done
done

echo
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# server CPU per registration (utime+stime of the server's processes over the window / registrations in it):"
awk -F, 'NR>1 { printf "  %-26s %-5s %6d phones  re-reg %6.0f/s  failed %-4s  connect+register %7.1f us  re-register %7.1f us  connection %7.1f us  close %6.1f us  peak conns %6d\n", $2, $4, $5, $12, $10, $13, $14, $15, $16, $17 }' "$RES"
