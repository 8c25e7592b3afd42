#!/usr/bin/env bash
# Admin API benchmark: import a realistic 10,000-row delivery note (semicolons, BOM, mixed MAC
# spellings, desk phones and DECT bases) through POST /api/v1/devices/import, dry run then for
# real, top the inventory up to 10,000 devices (untimed: the file's DECT bases take three rows
# each), and list them with filters (p50/p90/p99 over REQUESTS calls each, one keep-alive
# connection, after a warm-up). Then the same file through the CLI into a fresh server (what a
# technician runs: --dry-run, then for real), each timed end to end including the CLI's JVM.
#
#   bench/admin/run.sh                   # from the repository root; ~2 minutes
#   ROWS=10000 REQUESTS=2000 HEAP=512m bench/admin/run.sh
#
# Results: bench/results/admin.md gets the numbers by hand from $WORK/summary.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/phonehome-admin-bench}
ROWS=${ROWS:-10000}
REQUESTS=${REQUESTS:-2000}
HEAP=${HEAP:-512m}
PORT=${PORT:-28443}
ADMIN_PORT=${ADMIN_PORT:-29443}
JAR=$ROOT/target/phonehome.jar

[[ -f $JAR ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

python3 - "$ROWS" "$WORK/top-up.csv" >"$WORK/delivery-note.csv" <<'PY'
import sys
rows = int(sys.argv[1])
out = ["\ufeffMAC;Model;Serial;Site;Extension;Display_Name;Handset"]
spell = [lambda h: ":".join(h[i:i+2] for i in range(0, 12, 2)).upper(),
         lambda h: "-".join(h[i:i+2] for i in range(0, 12, 2)),
         lambda h: ".".join(h[i:i+4] for i in range(0, 12, 4)),
         lambda h: h]
models = ["T46U", "T54W", "T31G", "T46U", "T48U"]
n = 0
i = 0
while n < rows:
    mac = "%012x" % (0x805ec0000000 + i)
    if i % 20 == 19 and n + 3 <= rows:   # a DECT base with three handsets every 20 devices
        for hs in (1, 2, 3):
            out.append('%s;W70B;SN-%06d;Bench;;"Lager %d; Mobilteil %d";%d' % (spell[i % 4](mac), i, i, hs, hs))
            n += 1
    else:
        out.append("%s;%s;SN-%06d;Bench;;Kasse %d;" % (spell[i % 4](mac), models[i % 5], i, i))
        n += 1
    i += 1
print("\n".join(out))
# the devices still missing to 10,000 in the inventory: imported (untimed) before the listing
with open(sys.argv[2], "w") as top:
    top.write("mac,model,site,display_name\n")
    for j in range(i, max(i, 10000)):
        top.write("%012x,%s,Bench,Kasse %d\n" % (0x805ec0000000 + j, models[j % 5], j))
PY

start() {  # $1 data dir -> pid
  local data=$1; mkdir -p "$data"
  java -Xms$HEAP -Xmx$HEAP -Xlog:gc:file="$data/gc.log" -jar "$JAR" serve --data-dir="$data" --bind=127.0.0.1 --https-port="$PORT" --admin-port="$ADMIN_PORT" \
       --templates-dir="$ROOT/templates" >"$data/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 120); do grep -q "admin API at" "$data/server.log" 2>/dev/null && break; sleep 0.5; done
  echo "$pid"
}
# Peak heap from the GC log (occupancy before each collection), not by attaching jstat: on a
# small shared machine the attaches themselves cost the server CPU during the measurement.
peak_heap_mb() {  # $1 gc.log
  grep -o '[0-9]*M->[0-9]*M' "$1" | cut -d'M' -f1 | sort -n | tail -1
}
peak_live_mb() {  # $1 gc.log: the most still in use after a collection (what the work needs)
  grep -o '[0-9]*M->[0-9]*M' "$1" | cut -d'>' -f2 | tr -d M | sort -n | tail -1
}

echo "== API: import $ROWS rows (dry run, then real), then list with filters =="
PH=$(start "$WORK/api"); PIDS+=("$PH")
timeout -k 5 600 java "$ROOT/bench/admin/AdminBench.java" "https://127.0.0.1:$ADMIN_PORT" "$WORK/api/pki/ca.pem" \
    "$(cat "$WORK/api/admin-token")" "$WORK/delivery-note.csv" "$REQUESTS" "$WORK/top-up.csv" | tee "$WORK/bench.log"
rss=$(awk '/VmHWM/{print $2}' /proc/"$PH"/status)
kill "$PH"; sleep 2

echo "== CLI: the same file into a fresh server, end to end =="
PH2=$(start "$WORK/cli"); PIDS+=("$PH2")
java -jar "$JAR" sites add Bench --time-zone Europe/Zurich --data-dir="$WORK/cli" --url "https://127.0.0.1:$ADMIN_PORT" >/dev/null
/usr/bin/time -f "RESULT cli_dry_run_seconds=%e cli_peak_rss_kb=%M" java -jar "$JAR" import "$WORK/delivery-note.csv" --dry-run \
    --data-dir="$WORK/cli" --url "https://127.0.0.1:$ADMIN_PORT" 2>&1 | grep -v '^  ' | tee -a "$WORK/bench.log"
/usr/bin/time -f "RESULT cli_import_seconds=%e cli_peak_rss_kb=%M" java -jar "$JAR" import "$WORK/delivery-note.csv" \
    --data-dir="$WORK/cli" --url "https://127.0.0.1:$ADMIN_PORT" 2>&1 | grep -v '^  ' | tee -a "$WORK/bench.log"
kill "$PH2"; sleep 1

{
  echo "machine: $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "file: $ROWS rows, $(wc -c <"$WORK/delivery-note.csv") bytes; server heap -Xmx$HEAP"
  echo "server heap (GC log): peak live after a collection $(peak_live_mb "$WORK/api/gc.log") MB, peak used before one $(peak_heap_mb "$WORK/api/gc.log") MB, $(grep -c Pause "$WORK/api/gc.log") GCs; server peak RSS (VmHWM): $((rss / 1024)) MB"
  echo "server errors logged: $(grep -c ERROR "$WORK/api/server.log" || true)"
  grep '^RESULT' "$WORK/bench.log"
} | tee "$WORK/summary.txt"
