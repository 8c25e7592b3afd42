#!/usr/bin/env bash
# Build a Phonehome data directory with one Yealink T46U per line for the registration benchmark:
#
#   prepare-phonehome.sh DATA_DIR [FIRST=200] [LAST=10199]
#
# Lines FIRST..LAST get auth user = extension and password "pw<extension>", the credentials the
# Kamailio reference uses and sipp/users.csv carries, so both registrars see exactly the same load.
# (Phonehome refuses passwords under 8 characters at import; the benchmark overwrites them with
# H2's shell, which ships inside phonehome.jar.) Needs target/phonehome.jar (mvn -B -q -DskipTests package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=${1:?usage: prepare-phonehome.sh DATA_DIR [FIRST] [LAST]}
FIRST=${2:-200}; LAST=${3:-10199}
JAR=${JAR:-$REPO/target/phonehome.jar}
[[ -r $JAR ]] || { echo "no $JAR: run mvn -B -q -DskipTests package" >&2; exit 2; }
[[ -e $DATA ]] && { echo "$DATA exists: give a new directory" >&2; exit 2; }
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)

# The import goes through the admin API: start the server once (SIP off, free ports), import,
# stop it. Passwords shorter than 8 characters are refused at import, so the lines get a
# placeholder there and "pw<extension>" afterwards, written with H2's shell while the server is down.
LOG=$DATA/prepare-server.log
timeout -k 10 600 java -Xmx512m -jar "$JAR" serve --data-dir="$DATA" --bind=127.0.0.1 --https-port=0 --admin-port=0 \
    --sip-enabled=false > "$LOG" 2>&1 &
SERVER_PID=$!
stop_server() {
  local jp; jp=$(ps -o pid= --ppid "$SERVER_PID" | tr -d ' ' || true)
  [[ -n $jp ]] && kill -TERM "$jp" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 1 120); do grep -q "admin API at" "$LOG" && break; sleep 0.5; done
API=$(grep -o 'admin API at https://[^ ]*' "$LOG" | head -1 | sed -E 's|admin API at (https://[^/]+)/.*|\1|')
[[ -n $API ]] || { echo "Phonehome did not start:"; tail -20 "$LOG"; exit 1; }

ph() { java -jar "$JAR" "$@" --data-dir="$DATA" --url="$API"; }
ph sites add Bench --time-zone UTC --digest-user bench --digest-password bench-password-123 > /dev/null

CSV=$DATA/bench-lines.csv
{
  echo "mac,model,serial,site,extension,display_name,handset,auth_user,password"
  for ((u = FIRST; u <= LAST; u++)); do
    printf '80:5e:c1:%02x:%02x:%02x,T46U,B%d,Bench,%d,Line %d,,%d,placeholder-%d\n' $((u >> 16 & 255)) $((u >> 8 & 255)) $((u & 255)) "$u" "$u" "$u" "$u" "$u"
  done
} > "$CSV"
ph import "$CSV" | tail -1
stop_server
trap - EXIT

URL="jdbc:h2:file:$DATA/phonehome;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
java -cp "$JAR" org.h2.tools.Shell -url "$URL" -user phonehome -password "" \
  -sql "UPDATE lines SET password = 'pw' || extension; SELECT COUNT(*) AS bench_lines FROM lines"
echo "prepared $DATA: lines $FIRST..$LAST with password pw<extension>"
