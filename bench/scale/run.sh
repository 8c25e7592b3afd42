#!/usr/bin/env bash
# The cost of running Phonehome as a cluster (issue 16): the same boot storm and registration
# storm against
#   h2        one node on its embedded H2 (the default installation), phones direct
#   pg1       one node on PostgreSQL, phones direct                 -> the cost of PostgreSQL
#   pg1-hap   one node on PostgreSQL behind HAProxy (PROXY v2)       -> the cost of HAProxy
#   pg2-hap   two nodes on PostgreSQL behind HAProxy
#   pg3-hap   three nodes on PostgreSQL behind HAProxy
# On a 2-core machine more nodes cannot mean more throughput (they share the same two cores with
# PostgreSQL, HAProxy and the load generator): the point is CPU per request, everything included.
#
#   bench/scale/run.sh                        # from the repository root
#   CONFIGS="h2 pg3-hap" DUR=30 CONNS=100 N=3000 bench/scale/run.sh
#   SMOKE=1 bench/scale/run.sh                # a few seconds per configuration: proves the script works
#
# Boot storm: bench/boot-storm/DigestStorm.java (a NEW TLS connection per phone, GET <mac>.cfg,
# 401, digest answer, 200) for DUR s with CONNS in flight, through HAProxy's port or the node's.
# Registration storm: SIPp (bench/sip/sipp/register-auth.xml, REGISTER -> 401 -> REGISTER+auth ->
# 200) at REG_RATE/s for DUR s, the lines spread over the nodes' SIP ports (SIP is not behind
# HAProxy: phones register with their node, issue 16's other half).
# CPU per request: utime+stime from /proc of every process of the configuration (the Phonehome
# JVMs, HAProxy, the PostgreSQL server with its backends, reaped ones included), before and after
# each storm, divided by the requests served. On PostgreSQL the boot line also says how many rows
# of devices the storm read (pg_stat_user_tables: sequential plus index fetches, per phone): the
# nodes' device directories re-reading everything show there, whatever the machine's load.
# Results: $WORK/summary.txt, one line per
# configuration and storm, copied by hand into bench/results/scale.md with the machine and load.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/phonehome-scale}
CONFIGS=${CONFIGS:-"h2 pg1 pg1-hap pg2-hap pg3-hap"}
DUR=${DUR:-30}
CONNS=${CONNS:-100}
N=${N:-2000}
REG_RATE=${REG_RATE:-500}
HEAP=${HEAP:-384m}
JAR=${JAR:-$ROOT/target/phonehome.jar}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
BASE_PORT=${BASE_PORT:-19400}
if [[ -n ${SMOKE:-} ]]; then DUR=3; CONNS=8; N=50; REG_RATE=20; fi
CLK=$(getconf CLK_TCK)

[[ -f $JAR ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
[[ -x $PGBIN/initdb ]] || { echo "no PostgreSQL 15 in $PGBIN (apt-get install postgresql-15)" >&2; exit 2; }
[[ -x $HAPROXY ]] || { echo "no $HAPROXY (apt-get install haproxy)" >&2; exit 2; }
command -v sipp >/dev/null || { echo "no sipp (apt-get install sip-tester)" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK"
SUMMARY=$WORK/summary.txt
{
  echo "# bench/scale $(date -u +%FT%TZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg); DUR=$DUR CONNS=$CONNS N=$N REG_RATE=$REG_RATE HEAP=$HEAP"
} > "$SUMMARY"

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done
  [[ -d $WORK/pg ]] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as nobody then, like the tests' harness (testing.TestPostgres).
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }

PG_PORT=$BASE_PORT
start_pg() {
  mkdir -p "$WORK/pg"; [[ $(id -u) == 0 ]] && chown nobody "$WORK/pg" "$WORK"
  as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
  "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE phonehome LOGIN PASSWORD 'bench-password'" >/dev/null
}
new_db() {  # $1 name -> JDBC URL
  "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $1 OWNER phonehome" >/dev/null
  echo "jdbc:postgresql://127.0.0.1:$PG_PORT/$1"
}
pg_pid() { head -1 "$WORK/pg/postmaster.pid"; }

# CPU ticks of a process and of its children (live ones, plus what it reaped: PostgreSQL's backends)
ticks() {
  local total=0 p
  for p in "$@"; do
    [[ -n $p && -r /proc/$p/stat ]] || continue
    total=$((total + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat")))
    for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do
      [[ -r /proc/$c/stat ]] && total=$((total + $(awk '{print $14+$15}' "/proc/$c/stat")))
    done
  done
  echo "$total"
}

NODE_PIDS=()
start_node() {  # $1 config, $2 index, $3 db url ('' = H2), $4 trusted proxies
  local dir=$WORK/$1/node$2 https=$((BASE_PORT + 10 + $2 * 10)) admin=$((BASE_PORT + 11 + $2 * 10)) sip=$((BASE_PORT + 12 + $2 * 10))
  mkdir -p "$dir"
  [[ $2 -gt 0 ]] && cp -r "$WORK/$1/node0/pki" "$dir/pki"
  local db=()
  [[ -n $3 ]] && db=(--db-url="$3" --db-user=phonehome)
  PHONEHOME_DB_PASSWORD=bench-password java -Xms$HEAP -Xmx$HEAP -jar "$JAR" serve --data-dir="$dir" --bind=127.0.0.1 \
    --https-port=$https --admin-port=$admin --sip-port=$sip --sip-tls-port=$((sip + 1)) --templates-dir="$ROOT/templates" \
    --trusted-proxies="$4" "${db[@]}" > "$dir/server.log" 2>&1 &
  NODE_PIDS+=($!); PIDS+=($!)
  for _ in $(seq 240); do grep -q "admin API at" "$dir/server.log" 2>/dev/null && return 0; sleep 0.5; done
  echo "node $2 of $1 did not start:"; tail -20 "$dir/server.log"; exit 1
}

start_haproxy() {  # $1 config, $2 nodes; sets HAP_PID and HAP_PORT (not in a subshell: the pid must stay known)
  local cfg=$WORK/$1/haproxy.cfg port=$((BASE_PORT + 5)) i
  {
    printf 'global\n  maxconn 4000\n\ndefaults\n  mode tcp\n  timeout connect 3s\n  timeout client 60s\n  timeout server 60s\n  retries 2\n  option redispatch\n\n'
    printf 'frontend phones\n  bind 127.0.0.1:%d\n  default_backend phones\n\nbackend phones\n  balance roundrobin\n' "$port"
    printf '  option httpchk\n  http-check send meth GET uri /health/ready\n  timeout check 5s\n  default-server inter 1s check-ssl verify none check-send-proxy\n'
    for ((i = 0; i < $2; i++)); do
      printf '  server n%d 127.0.0.1:%d source 127.0.0.2 send-proxy-v2 check port %d\n' "$i" $((BASE_PORT + 10 + i * 10)) $((BASE_PORT + 11 + i * 10))
    done
  } > "$cfg"
  "$HAPROXY" -db -f "$cfg" > "$WORK/$1/haproxy.log" 2>&1 &
  HAP_PID=$!; PIDS+=($!); HAP_PORT=$port
  sleep 3
}

seed() {  # $1 config: site, N phones with one line each (auth user = extension, password pw<extension>)
  local dir=$WORK/$1/node0 api; api="https://127.0.0.1:$((BASE_PORT + 11))"
  java -jar "$JAR" sites add Bench --time-zone UTC --digest-user bench --digest-password bench-password-123 --data-dir="$dir" --url "$api" >/dev/null
  python3 - "$N" > "$WORK/$1/devices.csv" <<'PY'
import sys
print("mac,model,site,extension,display_name,auth_user,password")
for i in range(int(sys.argv[1])):
    e = 2000 + i
    print("%012x,T46U,Bench,%d,Line %d,%d,pw%08d" % (0x805ec2000000 + i, e, e, e, e))
PY
  java -jar "$JAR" import "$WORK/$1/devices.csv" --data-dir="$dir" --url "$api" | tail -1
}

passwords() {  # $1 config -> $WORK/$1/passwords.tsv: mac<TAB>own provisioning password, from the admin API
  python3 - "$WORK/$1/node0" "$((BASE_PORT + 11))" "$N" > "$WORK/$1/passwords.tsv" <<'PY'
import json, ssl, sys, urllib.request
data, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=data + "/pki/ca.pem")
token = open(data + "/admin-token").read().strip()
for i in range(n):
    mac = "%012x" % (0x805ec2000000 + i)
    req = urllib.request.Request("https://127.0.0.1:%s/api/v1/devices/%s" % (port, mac), headers={"Authorization": "Bearer " + token})
    try:
        body = json.load(urllib.request.urlopen(req, context=ctx))
        print("%s\t%s" % (mac, body.get("provisioning_password") or body["provisioningPassword"]))
    except Exception as e:
        sys.exit("cannot read the provisioning password of %s: %s" % (mac, e))
PY
}

# rows of devices read so far (sequential scans + index fetches) in the configuration's database; 0 on H2
devices_rows_read() {
  [[ $1 == pg* ]] || { echo 0; return; }
  "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "scale_${1//-/_}" -Atc \
    "SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'devices'" | tail -1
}

storm_boot() {  # $1 config, $2 target port, pids...
  local cfg=$1 port=$2; shift 2
  local before after out rows0 rows1
  rows0=$(devices_rows_read "$cfg")
  before=$(ticks "$@")
  out=$(java "$ROOT/bench/boot-storm/DigestStorm.java" "https://127.0.0.1:$port/" "$WORK/$cfg/node0/pki/ca.pem" "$WORK/$cfg/passwords.tsv" "$CONNS" "$DUR" | grep RESULT)
  after=$(ticks "$@")
  sleep 11 # idle backends report their table statistics within 10 s (PGSTAT_IDLE_INTERVAL)
  rows1=$(devices_rows_read "$cfg")
  local phones rps; phones=$(grep -o 'phones=[0-9]*' <<<"$out" | cut -d= -f2); rps=$(grep -o 'rps=[0-9.]*' <<<"$out" | cut -d= -f2)
  echo "$cfg boot  $out cpu_ms_per_phone=$(awk -v t=$((after - before)) -v c="$CLK" -v p="$phones" 'BEGIN {printf "%.2f", p ? t * 1000 / c / p : 0}')" \
    "device_rows_read_per_phone=$(awk -v r=$((rows1 - rows0)) -v p="$phones" 'BEGIN {printf "%.1f", p ? r / p : 0}')" | tee -a "$SUMMARY"
}

storm_register() {  # $1 config, $2 nodes, pids...
  local cfg=$1 nodes=$2; shift 2
  local before after i ok=0 users=$WORK/$cfg/users.csv
  awk 'NR > 1 {split($0, f, ","); print f[4] ";" f[7] ";[authentication username=" f[4] " password=" f[7] "]"}' "$WORK/$cfg/devices.csv" \
    | sed '1i SEQUENTIAL' > "$users"
  before=$(ticks "$@")
  local spids=()
  for ((i = 0; i < nodes; i++)); do
    # each node its share of the rate; every node gets every line (SIPp's SEQUENTIAL file), as a second server would
    timeout -k 5 $((DUR + 60)) sipp -sf "$ROOT/bench/sip/sipp/register-auth.xml" -inf "$users" -key domain 127.0.0.1 -key expires 3600 -r $((REG_RATE / nodes)) \
      -m $((REG_RATE / nodes * DUR)) -t u1 -i 127.0.0.1 -p $((BASE_PORT + 200 + i)) -trace_stat -stf "$WORK/$cfg/sipp$i.csv" \
      "127.0.0.1:$((BASE_PORT + 12 + i * 10))" -nostdin > "$WORK/$cfg/sipp$i.log" 2>&1 &
    spids+=($!)
  done
  for p in "${spids[@]}"; do wait "$p" || true; done
  after=$(ticks "$@")
  for ((i = 0; i < nodes; i++)); do
    # SIPp's statistics file: the column headed SuccessfulCall(C), last line (cumulative)
    ok=$((ok + $(awk -F';' 'NR == 1 {for (c = 1; c <= NF; c++) if ($c == "SuccessfulCall(C)") col = c} END {print col ? $col + 0 : 0}' "$WORK/$cfg/sipp$i.csv" 2>/dev/null || echo 0)))
  done
  echo "$cfg register rate=$REG_RATE/s for ${DUR}s successful=$ok cpu_ms_per_registration=$(awk -v t=$((after - before)) -v c="$CLK" -v p="$ok" 'BEGIN {printf "%.2f", p ? t * 1000 / c / p : 0}')" | tee -a "$SUMMARY"
}

stop_config() {
  for p in "${NODE_PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done
  [[ -n ${HAP_PID:-} ]] && kill "$HAP_PID" 2>/dev/null || true
  for p in "${NODE_PIDS[@]:-}"; do [[ -n $p ]] && while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  NODE_PIDS=(); HAP_PID=""
}

PG_STARTED=""
for cfg in $CONFIGS; do
  echo "== $cfg =="
  mkdir -p "$WORK/$cfg"
  nodes=1; proxy=""; db=""
  case $cfg in
    h2) ;;
    pg1) ;;
    pg*-hap) nodes=${cfg#pg}; nodes=${nodes%-hap}; proxy=127.0.0.2 ;;
    *) echo "unknown configuration $cfg" >&2; exit 2 ;;
  esac
  if [[ $cfg == pg* ]]; then
    [[ -z $PG_STARTED ]] && { start_pg; PG_STARTED=1; }
    db=$(new_db "scale_${cfg//-/_}")
  fi
  start_node "$cfg" 0 "$db" "$proxy"
  seed "$cfg"
  for ((i = 1; i < nodes; i++)); do start_node "$cfg" "$i" "$db" "$proxy"; done
  passwords "$cfg"
  pids=("${NODE_PIDS[@]}")
  [[ $cfg == pg* ]] && pids+=("$(pg_pid)")
  port=$((BASE_PORT + 10))
  if [[ -n $proxy ]]; then start_haproxy "$cfg" "$nodes"; port=$HAP_PORT; pids+=("$HAP_PID"); fi
  storm_boot "$cfg" "$port" "${pids[@]}"
  storm_register "$cfg" "$nodes" "${pids[@]}"
  stop_config
done
echo "== summary ($SUMMARY) =="
cat "$SUMMARY"
