#!/usr/bin/env bash
# Boot storm of two (or more) Phonehome builds and nginx in ONE run, interleaved: a change on the
# phone path is judged against the build before it, with the reference measured beside both.
#
#   JARS="/tmp/before.jar target/phonehome.jar" bench/boot-storm/compare-builds.sh
#   REPS=3 DUR=20 CONNS=200 PH_WARMUP=40 JARS="..." bench/boot-storm/compare-builds.sh
#
# Same load as run.sh part 1: 10,000 T46S phones on a site that trusts 127.0.0.0/8, a random
# phone's per-MAC file per request over a NEW TLS 1.3 connection (tls-storm, full handshake),
# CONNS in flight. Every build runs at once on its own port with the same heap, seeded the same
# way; nginx serves the first build's rendered files with its certificate. Each rep measures
# nginx, then every build, DUR seconds each (the first rep of a build after PH_WARMUP seconds of
# unrecorded storm, so the JIT has compiled the path). Needs ../shared/bench-tools/http (its
# setup.sh once) and nginx. Prints the BENCH lines and a per-target summary (median of reps:
# requests/s and server CPU per request).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HTTP=$SHARED/bench-tools/http
WORK=${WORK:-/tmp/phonehome-boot-compare}
REPS=${REPS:-3}; DUR=${DUR:-20}; CONNS=${CONNS:-200}; N=${N:-10000}; PH_WARMUP=${PH_WARMUP:-40}
PH_JAVA_OPTS=${PH_JAVA_OPTS:-}   # empty: the `phonehome` launcher's JVM settings
JARS=${JARS:-$ROOT/target/phonehome.jar}
BASE_PORT=${BASE_PORT:-18450}
NGINX_PORT=${NGINX_PORT:-18449}
export DATA_DIR=$WORK/nginx
[[ -x $HTTP/bench-http.sh ]] || { echo "reference harness not found at $HTTP (set SHARED=)" >&2; exit 1; }
command -v nginx >/dev/null || { echo "apt-get install -y nginx-light (and run $HTTP/setup.sh once)" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK" "$DATA_DIR/certs"

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done; PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

python3 - "$N" >"$WORK/devices.csv" <<'PY'
import sys
print("mac,model,site,display_name")
for i in range(int(sys.argv[1])):
    print("%012x,T46S,Bench,Phone %d" % (0x001565000000 + i, i))
PY

n=0; PORTS=()
for jar in $JARS; do
  n=$((n + 1)); port=$((BASE_PORT + 2 * n)); data=$WORK/ph-$n
  mkdir -p "$data"
  JAVA_OPTS=$PH_JAVA_OPTS PHONEHOME_JAR="$jar" "$ROOT/phonehome" serve --data-dir="$data" --bind=127.0.0.1 --https-port="$port" \
       --admin-port=$((port + 1)) --templates-dir="$ROOT/templates" --sip-enabled=false >"$data/server.log" 2>&1 &
  PIDS+=("$!"); PORTS+=("$port")
  for _ in $(seq 120); do grep -q "admin API at" "$data/server.log" 2>/dev/null && break; sleep 0.5; done
  admin="https://127.0.0.1:$((port + 1))"
  java -jar "$jar" sites add Bench --time-zone Europe/Zurich --auth network,digest --trusted-network 127.0.0.0/8 \
       --data-dir="$data" --url "$admin" >/dev/null 2>&1
  java -jar "$jar" import "$WORK/devices.csv" --data-dir="$data" --url "$admin" >/dev/null
  echo "build $n: $jar on port $port (pid ${PIDS[-1]})"
done

python3 "$ROOT/bench/boot-storm/render_all.py" "https://127.0.0.1:${PORTS[0]}/" "$WORK/ph-1/pki/ca.pem" 001565000000 "$N" \
        "$DATA_DIR/www" "$WORK/passwords.tsv" >/dev/null
cp "$WORK/ph-1/pki/server.pem" "$DATA_DIR/certs/ecdsa.crt"
cp "$WORK/ph-1/pki/server-key.pem" "$DATA_DIR/certs/ecdsa.key"

: >"$WORK/bench.log"
for rep in $(seq "$REPS"); do
  PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" start ecdsa >/dev/null
  line=$(NMACS=$N CONNS=$CONNS WARMUP=3 "$HTTP/bench-http.sh" "https://127.0.0.1:$NGINX_PORT/" newconn "$DUR" | grep '^BENCH')
  PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" stop >/dev/null
  echo "target=nginx rep=$rep $line" | tee -a "$WORK/bench.log"
  for i in "${!PORTS[@]}"; do
    warm=3; [[ $rep == 1 ]] && warm=$PH_WARMUP
    line=$(NMACS=$N CONNS=$CONNS WARMUP=$warm SERVER_PIDS=${PIDS[$i]} "$HTTP/bench-http.sh" "https://127.0.0.1:${PORTS[$i]}/" newconn "$DUR" | grep '^BENCH')
    echo "target=build$((i + 1)) rep=$rep $line" | tee -a "$WORK/bench.log"
  done
done

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
  n=0; for jar in $JARS; do n=$((n + 1)); echo "build$n = $jar"; done
  python3 - "$WORK/bench.log" <<'PY'
import re, statistics, sys
rows = {}
for l in open(sys.argv[1]):
    t = re.search(r'target=(\S+)', l).group(1)
    rps = float(re.search(r' rps=([\d.]+)', l).group(1))
    us = re.search(r'server_us_per_req=(\d+)', l)
    err = int(re.search(r' errors=(\d+)', l).group(1))
    rows.setdefault(t, []).append((rps, int(us.group(1)) if us else None, err))
ref = statistics.median(r[0] for r in rows["nginx"])
ref_us = statistics.median(r[1] for r in rows["nginx"] if r[1] is not None)
for t, rs in rows.items():
    rps = statistics.median(r[0] for r in rs)
    us = statistics.median(r[1] for r in rs if r[1] is not None)
    print("SUMMARY target=%s reps=%d median_rps=%.0f (%.2fx nginx) median_server_us_per_req=%d (%.2fx nginx) errors=%d"
          % (t, len(rs), rps, rps / ref, us, us / ref_us, sum(r[2] for r in rs)))
PY
} | tee "$WORK/summary.txt"
