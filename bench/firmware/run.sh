#!/usr/bin/env bash
# Firmware download benchmark: 200 concurrent clients downloading a 50 MB image over HTTPS
# (TLS 1.3, ECDSA P-256 on both sides), every request a Range request (half of an interrupted
# download: the first part or the resume, at a random cut point), keep-alive connections, wrk.
# Phonehome serves it from its firmware catalog (streamed from the file, proof = the device's
# User-Agent MAC on its site's trusted network, an event per request); in the same run nginx from
# Debian (../shared/bench-tools/http/nginx-ref.sh, sendfile, 2 workers) serves the same file at
# the same path. Runs are interleaved REPS times; throughput, CPU and peak RSS are sampled here.
#
#   bench/firmware/run.sh                       # from the repository root, ~9 minutes
#   REPS=3 DUR=60 CONNS=200 PH_TLS_ENGINE=boringssl bench/firmware/run.sh
#   JAR=/tmp/previous.jar bench/firmware/run.sh   # another build, measured the same way
#   (SHARED=/path/to/shared when the repository is not next to shared/)
#
# Prints one RESULT line per run and a summary; bench/results/firmware.md quotes them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HTTP=$SHARED/bench-tools/http
WORK=${WORK:-/tmp/phonehome-fw-bench}
REPS=${REPS:-3}
DUR=${DUR:-60}
CONNS=${CONNS:-200}
THREADS=${THREADS:-2}
SIZE=${SIZE:-52428800}
PH_JAVA_OPTS=${PH_JAVA_OPTS:-}   # empty: the `phonehome` launcher's JVM settings, as a user starts it
WARMUP=${WARMUP:-20}   # seconds of unrecorded load on Phonehome first (JIT, page cache)
PH_TLS_ENGINE=${PH_TLS_ENGINE:-boringssl}   # or jdk
PH_PORT=${PH_PORT:-18543}
ADMIN_PORT=${ADMIN_PORT:-18545}
NGINX_PORT=${NGINX_PORT:-18544}
JAR=${JAR:-$ROOT/target/phonehome.jar}   # JAR=other.jar measures another build the same way
MAC=805ec0fb0001
UA="Yealink SIP-T46U 108.86.0.10 80:5e:c0:fb:00:01"
VERSION=108.86.0.20
IMAGE_PATH=/firmware/yealink/$VERSION/T46U-$VERSION.rom
export DATA_DIR=$WORK/nginx   # nginx-ref.sh's work dir (www, certs, run)

command -v wrk >/dev/null || { echo "wrk missing: run $HTTP/setup.sh once" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: run $HTTP/setup.sh once" >&2; exit 1; }
[[ -f $JAR ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
rm -rf "$WORK"; mkdir -p "$WORK/ph/firmware/yealink" "$DATA_DIR/www/firmware/yealink/$VERSION"

PH_PID=
cleanup() {
  [[ -n $PH_PID ]] && kill "$PH_PID" 2>/dev/null || true
  PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- data: one 50 MB image, the same bytes for both servers ---------------------------------
head -c "$SIZE" /dev/urandom >"$WORK/ph/firmware/yealink/T46U-$VERSION.rom"
ln "$WORK/ph/firmware/yealink/T46U-$VERSION.rom" "$DATA_DIR/www$IMAGE_PATH"
SHA=$(sha256sum "$WORK/ph/firmware/yealink/T46U-$VERSION.rom" | cut -d' ' -f1)

# --- servers ------------------------------------------------------------------------------
# Phonehome first: the CLI is a client of its admin API (it reads the CA and the admin token that
# the server writes into its data directory on first start), so the site and the phone are added
# through the running server.
JAVA_OPTS=$PH_JAVA_OPTS JDK_JAVA_OPTIONS="-Xlog:gc:file=$WORK/ph/gc.log" PHONEHOME_JAR="$JAR" \
"$ROOT/phonehome" serve --data-dir="$WORK/ph" --bind=127.0.0.1 \
     --https-port="$PH_PORT" --admin-port="$ADMIN_PORT" --sip-enabled=false --templates-dir="$ROOT/templates" \
     --firmware-dir="$WORK/ph/firmware" --tls-engine="$PH_TLS_ENGINE" >"$WORK/ph/server.log" 2>&1 &
PH_PID=$!
for _ in $(seq 120); do grep -q "admin API at" "$WORK/ph/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q "admin API at" "$WORK/ph/server.log" || { echo "Phonehome did not start:" >&2; tail -20 "$WORK/ph/server.log" >&2; exit 1; }
ADMIN="https://127.0.0.1:$ADMIN_PORT"
java -jar "$JAR" sites add Bench --time-zone Europe/Zurich --auth network --trusted-network 127.0.0.0/8 --data-dir="$WORK/ph" --url "$ADMIN" >/dev/null
printf 'mac,model,site,display_name\n%s,T46U,Bench,Bench phone\n' "$MAC" >"$WORK/devices.csv"
java -jar "$JAR" import "$WORK/devices.csv" --data-dir="$WORK/ph" --url "$ADMIN" >/dev/null
"$HTTP/gen-data.sh" 10 >/dev/null   # certs (and a few small files) in nginx's work dir
PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" start ecdsa >/dev/null
NGINX_PIDS=$(PORT=$NGINX_PORT "$HTTP/nginx-ref.sh" pids)

# --- correctness first: an interrupted download resumed with Range gives the same bytes ----
check() {  # $1 base URL
  local half=$((SIZE / 2 + 12345))
  curl -sfk -A "$UA" -r "0-$((half - 1))" -o "$WORK/part1" "$1$IMAGE_PATH"
  curl -sfk -A "$UA" -r "$half-" -o "$WORK/part2" "$1$IMAGE_PATH"
  local got; got=$(cat "$WORK/part1" "$WORK/part2" | sha256sum | cut -d' ' -f1)
  [[ $got == "$SHA" ]] || { echo "resumed download from $1 differs: $got != $SHA" >&2; exit 1; }
  echo "resume check ok: $1"
}
check "https://127.0.0.1:$PH_PORT"
check "https://127.0.0.1:$NGINX_PORT"

# --- helpers: CPU ticks and RSS from /proc ---------------------------------------------------
ticks() { local s=0 p; for p in "$@"; do s=$((s + $(awk '{sub(/.*\) /,""); print $12+$13}' /proc/"$p"/stat 2>/dev/null || echo 0))); done; echo $s; }
rss_kb() { local s=0 p; for p in "$@"; do s=$((s + $(awk '/^VmRSS/{print $2}' /proc/"$p"/status 2>/dev/null || echo 0))); done; echo $s; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat; }
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)

quiet() {  # waits (at most 30 s) for the rest of the machine to use < 20% of a core; prints what it saw
  local bg=100 waited=0
  while :; do
    read -r b1 t1 < <(busy); sleep 1; read -r b2 t2 < <(busy)
    bg=$(( (b2 - b1) * 100 * NCPU / ((t2 - t1) > 0 ? (t2 - t1) : 1) ))
    (( bg < 20 || waited >= 30 )) && break
    waited=$((waited + 1))
  done
  echo "$bg"
}

run() {  # $1 name, $2 port, $3.. server pids
  local name=$1 port=$2; shift 2
  local pids=("$@")
  local p; for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "server $name (pid $p) is gone; see $WORK/ph/server.log" >&2; exit 1; }
  done
  local bg; bg=$(quiet)
  local t0; t0=$(ticks "${pids[@]}")
  read -r b0 all0 < <(busy)
  local peak=0
  IMAGE_PATH=$IMAGE_PATH IMAGE_BYTES=$SIZE UA=$UA timeout -k 5 $((DUR + 30)) \
      wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --timeout 60s -s "$ROOT/bench/firmware/range-resume.lua" "https://127.0.0.1:$port" \
      >"$WORK/wrk-$name.txt" 2>&1 &
  local wpid=$!
  while kill -0 "$wpid" 2>/dev/null; do
    local r; r=$(rss_kb "${pids[@]}"); (( r > peak )) && peak=$r
    sleep 0.5
  done
  wait "$wpid" || true
  local t1; t1=$(ticks "${pids[@]}")
  read -r b1 all1 < <(busy)
  local line; line=$(grep LUA_SUMMARY "$WORK/wrk-$name.txt" || echo "LUA_SUMMARY requests=0 bytes=0 duration_us=1")
  local bytes dur reqs errs
  bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$line"); dur=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$line")
  reqs=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
  errs=$(sed -E 's/.*status_errors=([0-9]+) connect_errors=([0-9]+) read_errors=([0-9]+) timeouts=([0-9]+).*/\1+\2+\3+\4/' <<<"$line")
  local mbs; mbs=$(awk -v b="$bytes" -v d="$dur" 'BEGIN{printf "%.0f", b / 1048576 / (d / 1e6)}')
  local cpu; cpu=$(( (t1 - t0) * 100 / HZ / DUR ))
  local total; total=$(( (b1 - b0) * 100 * NCPU / ((all1 - all0) > 0 ? (all1 - all0) : 1) ))
  local cpb; cpb=$(awk -v t="$((t1 - t0))" -v hz="$HZ" -v b="$bytes" 'BEGIN{printf "%.2f", (t / hz) * 1e6 / (b / 1048576)}')
  echo "RESULT server=$name MiB_per_s=$mbs requests=$reqs errors=$errs server_cpu=${cpu}% machine_busy=${total}% bg_before=${bg}% server_us_per_MiB=$cpb peak_rss_MiB=$((peak / 1024)) $(sed -E 's/.*(p50_ms=[0-9.]+ p99_ms=[0-9.]+).*/\1/' <<<"$line")" \
      | tee -a "$WORK/results.txt"
}

# warm-up (JIT, page cache), not recorded
IMAGE_PATH=$IMAGE_PATH IMAGE_BYTES=$SIZE UA=$UA timeout -k 5 $((WARMUP + 40)) wrk -t2 -c20 -d${WARMUP}s -s "$ROOT/bench/firmware/range-resume.lua" \
    "https://127.0.0.1:$PH_PORT" >/dev/null 2>&1 || true
for rep in $(seq "$REPS"); do
  echo "--- repetition $rep"
  run phonehome "$PH_PORT" "$PH_PID"
  # shellcheck disable=SC2086
  run nginx "$NGINX_PORT" $NGINX_PIDS
done

echo "--- phonehome after the runs"
echo "JVM: ${PH_JAVA_OPTS:-as the launcher sets it}; GC pauses: $(grep -c 'Pause' "$WORK/ph/gc.log" || true); largest heap after a GC: $(grep -oE -- '->[0-9]+M' "$WORK/ph/gc.log" | tr -dc '0-9\n' | sort -n | tail -1) MB; longest pause: $(grep -oE '[0-9.]+ms$' "$WORK/ph/gc.log" | sort -n | tail -1)"
echo "--- medians"
awk '/^RESULT/{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]} s=v["server"]; sub(/%/,"",v["server_cpu"]);
     mb[s]=mb[s] " " v["MiB_per_s"]; cpu[s]=cpu[s] " " v["server_cpu"]; rss[s]=rss[s] " " v["peak_rss_MiB"]; upm[s]=upm[s] " " v["server_us_per_MiB"]}
     function med(str,  a,n,i,j,t){n=split(str,a," "); for(i=1;i<=n;i++)for(j=i+1;j<=n;j++)if(a[j]+0<a[i]+0){t=a[i];a[i]=a[j];a[j]=t} return a[int((n+1)/2)]}
     END{for(s in mb){m[s]=med(mb[s]); printf "MEDIAN server=%s MiB_per_s=%s server_cpu=%s%% server_us_per_MiB=%s peak_rss_MiB=%s\n", s, m[s], med(cpu[s]), med(upm[s]), med(rss[s])}
         if (m["nginx"] > 0) printf "RATIO phonehome/nginx throughput=%.2f\n", m["phonehome"] / m["nginx"]}' "$WORK/results.txt"
uname -srm; nproc; grep -m1 'model name' /proc/cpuinfo; java -version 2>&1 | head -1; nginx -v 2>&1; wrk -v 2>&1 | head -1
