#!/usr/bin/env bash
# Boot-storm benchmark: 10,000 phones in the inventory, each request a random phone's per-MAC
# file over a NEW TLS 1.3 connection (full handshake, never resumed), 200 in flight, 30 s,
# against Phonehome and, in the same run, against nginx serving the same rendered files from
# disk with the same certificate (../shared/bench-tools/http: nginx-ref.sh, tls-storm).
#
#   bench/boot-storm/run.sh            # from the repository root; ~20 minutes (REPS=3)
#   REPS=3 DUR=30 CONNS=200 PH_WARMUP=60 bench/boot-storm/run.sh
#   REPS=0 BOOT=0 bench/boot-storm/run.sh   # part 2 only (digest vs trusted), ~3 minutes
#   REPS=0 BOOT=0 DIGEST_WARMUP=60 bench/boot-storm/run.sh   # part 2 as the results quote it, ~5 minutes
# The first Phonehome run of each rep starts after PH_WARMUP seconds of unrecorded storm: the JIT
# must have compiled the handshake and lookup paths, as on a server that has been up for hours.
#
# Part 1 (the target): site trusts the loopback network (no credentials, like nginx): Phonehome
# vs nginx with tls-storm, interleaved REPS times. Part 2: the cost of per-device digest
# credentials, measured with one client (DigestStorm.java) against Phonehome in both modes, at
# the same fixed rate (DIGEST_RATE phones/s). Its ratio is fair only when part 2 runs alone: in a
# full run the trusted server has been warmed by all of part 1, the digest server by DIGEST_WARMUP.
# Results: bench/results/boot-storm.md gets the numbers appended by hand from $WORK/summary.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HTTP=$SHARED/bench-tools/http
WORK=${WORK:-/tmp/phonehome-boot-storm}
REPS=${REPS:-3}
DUR=${DUR:-30}
CONNS=${CONNS:-200}
N=${N:-10000}
PH_PORT=${PH_PORT:-18443}
PH_DIGEST_PORT=${PH_DIGEST_PORT:-18444}
NGINX_PORT=${NGINX_PORT:-18445}
PH_JAVA_OPTS=${PH_JAVA_OPTS:-}   # empty: the launcher's own JVM settings (README "JVM settings")
DIGEST_WARMUP=${DIGEST_WARMUP:-20}   # part 2: seconds of unrecorded storm per mode before the measured one
DIGEST_RATE=${DIGEST_RATE:-150}   # part 2: phones started per second in both modes (0: as fast as the client goes); a fixed load, so
                                  # the server's per-second background work is shared by as many phones in both
JAR=${JAR:-$ROOT/target/phonehome.jar}   # JAR=other.jar measures another build (e.g. the previous commit) the same way
export DATA_DIR=$WORK/nginx   # nginx-ref.sh / bench-http.sh work dir (tools, www, certs)

[[ -x $HTTP/bench-http.sh ]] || { echo "reference harness not found at $HTTP (set SHARED=)" >&2; exit 1; }
command -v nginx >/dev/null || { echo "apt-get install -y nginx-light (and run $HTTP/setup.sh once)" >&2; exit 1; }
[[ -f $JAR ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
rm -rf "$WORK"; mkdir -p "$WORK" "$DATA_DIR/certs"

ph() { java -jar "$JAR" "$@"; }
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done; PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

seed() {  # $1 data dir of a running server, $2 its admin port, then site options (the CLI is an admin API client)
  local data=$1 admin="https://127.0.0.1:$2"; shift 2
  ph sites add Bench --time-zone Europe/Zurich "$@" --data-dir="$data" --url "$admin" >/dev/null
  python3 - "$N" >"$WORK/devices.csv" <<'PY'
import sys
print("mac,model,site,display_name")
for i in range(int(sys.argv[1])):
    print("%012x,T46S,Bench,Phone %d" % (0x001565000000 + i, i))
PY
  /usr/bin/time -f "import of $N rows: %e s, peak RSS of the CLI %M KB" java -jar "$JAR" import "$WORK/devices.csv" --data-dir="$data" \
       --url "$admin" >/dev/null
}

start_ph() {  # $1 data dir, $2 port -> prints pid
  local data=$1 port=$2
  mkdir -p "$data"
  # started as a user starts it: the `phonehome` launcher with the JVM settings it ships with
  # (PH_JAVA_OPTS replaces them, as JAVA_OPTS does for the launcher); the GC log comes on top
  JAVA_OPTS=${PH_JAVA_OPTS:-} JDK_JAVA_OPTIONS="-Xlog:gc:file=$data/gc.log" PHONEHOME_JAR="$JAR" \
  "$ROOT/phonehome" serve --data-dir="$data" --bind=127.0.0.1 --https-port="$port" \
       --admin-port=$((port + 1000)) --templates-dir="$ROOT/templates" --sip-enabled=false >"$data/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 120); do grep -q "admin API at" "$data/server.log" 2>/dev/null && break; sleep 0.5; done
  echo "$pid"
}

gc_heap() {  # $1 gc.log -> "peak used before a collection / most live after one" from the JVM's own GC log
  # (an earlier version ran jstat every second: a JVM start per second took ~30 % of a core from both servers)
  grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$1" 2>/dev/null | awk -F'[M>(-]+' '{if ($1>b) b=$1; if ($2>a) a=$2} END {printf "peak %d MB used before a collection, at most %d MB live after one", b, a}'
}

echo "== seeding: $N devices, site trusting 127.0.0.0/8 =="
PH=$(start_ph "$WORK/ph" "$PH_PORT"); PIDS+=("$PH")
seed "$WORK/ph" $((PH_PORT + 1000)) --auth network,digest --trusted-network 127.0.0.0/8

echo "== rendering every per-MAC file for nginx (same bytes, same certificate) =="
python3 "$ROOT/bench/boot-storm/render_all.py" "https://127.0.0.1:$PH_PORT/" "$WORK/ph/pki/ca.pem" 001565000000 "$N" \
        "$DATA_DIR/www" "$WORK/trusted-passwords.tsv"
for id in 28 29 44 66 67 108; do   # the common files tls-storm --boot asks for, as Phonehome renders them for a T46S
  f=$(printf 'y%012d.cfg' "$id")
  curl -sf --cacert "$WORK/ph/pki/ca.pem" -A "Yealink SIP-T46S 66.86.0.15 00:15:65:00:00:01" "https://127.0.0.1:$PH_PORT/$f" -o "$DATA_DIR/www/$f"
done
cp "$WORK/ph/pki/server.pem" "$DATA_DIR/certs/ecdsa.crt"
cp "$WORK/ph/pki/server-key.pem" "$DATA_DIR/certs/ecdsa.key"

: >"$WORK/bench.log"
for rep in $(seq "$REPS"); do
  echo "== rep $rep/$REPS: nginx =="
  PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" start ecdsa >/dev/null
  NMACS=$N CONNS=$CONNS WARMUP=3 "$HTTP/bench-http.sh" "https://127.0.0.1:$NGINX_PORT/" newconn "$DUR" | tee -a "$WORK/bench.log" | grep '^BENCH'
  if [[ ${BOOT:-1} != 0 ]]; then
    NMACS=$N CONNS=$CONNS WARMUP=3 "$HTTP/bench-http.sh" "https://127.0.0.1:$NGINX_PORT/" boot "$DUR" 2>&1 | tee -a "$WORK/bench.log" | grep '^BENCH' || true
  fi
  PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" stop >/dev/null
  echo "== rep $rep/$REPS: phonehome (trusted network) =="
  NMACS=$N CONNS=$CONNS WARMUP=${PH_WARMUP:-60} SERVER_PIDS=$PH "$HTTP/bench-http.sh" "https://127.0.0.1:$PH_PORT/" newconn "$DUR" | tee -a "$WORK/bench.log" | grep '^BENCH'
  if [[ ${BOOT:-1} != 0 ]]; then
    # boot mode (common file + MAC file per phone) in every rep, as newconn: one pair of runs
    # minutes apart says little on a shared machine. The first gets the newconn warm-up again:
    # keeping a connection open for a second request takes code paths the newconn storm never
    # ran, and C2 compiling them took 15 % of the server's CPU in a measured boot window that
    # started cold (nginx has no JIT to warm); later reps find them compiled (BOOT_WARMUP).
    NMACS=$N CONNS=$CONNS WARMUP=$([[ $rep == 1 ]] && echo "${PH_WARMUP:-60}" || echo "${BOOT_WARMUP:-10}") SERVER_PIDS=$PH \
      "$HTTP/bench-http.sh" "https://127.0.0.1:$PH_PORT/" boot "$DUR" 2>&1 | tee -a "$WORK/bench.log" | grep '^BENCH' || true
  fi
done

echo "== part 2: per-device digest vs trusted network, same Java client =="
SITE_PW=bench-site-password-123
PHD=$(start_ph "$WORK/ph-digest" "$PH_DIGEST_PORT"); PIDS+=("$PHD")
seed "$WORK/ph-digest" $((PH_DIGEST_PORT + 1000)) --auth digest --digest-user bench --digest-password "$SITE_PW"
python3 "$ROOT/bench/boot-storm/render_all.py" "https://127.0.0.1:$PH_DIGEST_PORT/" "$WORK/ph-digest/pki/ca.pem" 001565000000 "$N" \
        "$WORK/digest-www" "$WORK/digest-passwords.tsv" bench "$SITE_PW"
cpu() { awk '{print $14+$15}' /proc/"$1"/stat; }
for mode in trusted digest; do
  if [[ $mode == trusted ]]; then url=https://127.0.0.1:$PH_PORT/ pid=$PH ca=$WORK/ph/pki/ca.pem pw=$WORK/trusted-passwords.tsv flag=--no-auth
  else url=https://127.0.0.1:$PH_DIGEST_PORT/ pid=$PHD ca=$WORK/ph-digest/pki/ca.pem pw=$WORK/digest-passwords.tsv flag=; fi
  # an unrecorded storm first (DIGEST_WARMUP s): the JIT compiles this mode's path, as on a server
  # that has been up for a while (with REPS=0 nothing else has warmed the trusted server either)
  timeout -k 5 $((DIGEST_WARMUP + 90)) java -Xmx1g "$ROOT/bench/boot-storm/DigestStorm.java" "$url" "$ca" "$pw" "$CONNS" "$DIGEST_WARMUP" $flag --rate="$DIGEST_RATE" >/dev/null || true
  c0=$(cpu "$pid")
  line=$(timeout -k 5 $((DUR + 90)) java -Xmx1g "$ROOT/bench/boot-storm/DigestStorm.java" "$url" "$ca" "$pw" "$CONNS" "$DUR" $flag --rate="$DIGEST_RATE" | grep '^RESULT')
  c1=$(cpu "$pid")
  phones=$(sed -n 's/.* phones=\([0-9]*\).*/\1/p' <<<"$line")
  echo "$line server_cpu_ticks=$((c1 - c0)) server_us_per_phone=$(awk -v t=$((c1 - c0)) -v n="$phones" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t*1e6/hz/(n>0?n:1)}')" | tee -a "$WORK/bench.log"
done

kill "$PH" "$PHD" 2>/dev/null || true
sleep 2
{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
  echo "phonehome JVM: ${PH_JAVA_OPTS:-as the launcher sets it}; GC log of the trusted-network server: $(gc_heap "$WORK/ph/gc.log")"
  echo "server errors logged: $(grep -c ERROR "$WORK/ph/server.log" || true)"
  grep -E '^(BENCH|RESULT)' "$WORK/bench.log"
  # per mode and server over all reps: requests/s summed, server CPU per request weighted by requests
  grep '^BENCH' "$WORK/bench.log" | awk -v ng=":$NGINX_PORT/" '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      who = index(v["url"], ng) ? "nginx" : "phonehome"; k = v["mode"] " " who
      rps[k] += v["rps"]; cpu[k] += v["rps"] * v["server_us_per_req"]; n[k]++ }
    END { split("newconn boot", ms, " ")
      for (j = 1; j <= 2; j++) { a = ms[j] " nginx"; b = ms[j] " phonehome"
        if (n[a] && n[b]) printf "SUMMARY mode=%s reps=%d nginx_rps=%.0f phonehome_rps=%.0f rate_ratio=%.2f nginx_us_per_req=%.0f phonehome_us_per_req=%.0f cpu_ratio=%.2f\n",
          ms[j], n[b], rps[a], rps[b], rps[b] / rps[a], cpu[a] / rps[a], cpu[b] / rps[b], (cpu[b] / rps[b]) / (cpu[a] / rps[a]) } }'
} | tee "$WORK/summary.txt"
