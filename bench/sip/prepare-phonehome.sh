#!/usr/bin/env bash
# Build a Phonehome data directory with one Yealink T46U per line for the registration benchmark:
#
#   prepare-phonehome.sh DATA_DIR [FIRST=200] [LAST=10199]
#
# Lines FIRST..LAST get auth user = extension and password "pw<extension>", the credentials the
# Kamailio reference uses and sipp/users.csv carries, so both registrars see exactly the same load.
# (Phonehome generates random passwords at import; the benchmark overwrites them with H2's shell,
# which ships inside phonehome.jar.) Needs target/phonehome.jar (mvn -B -q -DskipTests package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=${1:?usage: prepare-phonehome.sh DATA_DIR [FIRST] [LAST]}
FIRST=${2:-200}; LAST=${3:-10199}
JAR=$REPO/target/phonehome.jar
[[ -r $JAR ]] || { echo "no $JAR: run mvn -B -q -DskipTests package" >&2; exit 2; }
[[ -e $DATA ]] && { echo "$DATA exists: give a new directory" >&2; exit 2; }
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)

ph() { java -jar "$JAR" "$@" --data-dir="$DATA"; }
ph sites add Bench --time-zone UTC --digest-user bench --digest-password bench-password-123 > /dev/null

CSV=$DATA/bench-lines.csv
{
  echo "mac,model,serial,site,extension,display_name,handset"
  for ((u = FIRST; u <= LAST; u++)); do
    printf '80:5e:c1:%02x:%02x:%02x,T46U,B%d,Bench,%d,Line %d,\n' $((u >> 16 & 255)) $((u >> 8 & 255)) $((u & 255)) "$u" "$u" "$u"
  done
} > "$CSV"
ph import "$CSV" | tail -1

URL="jdbc:h2:file:$DATA/phonehome;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
java -cp "$JAR" org.h2.tools.Shell -url "$URL" -user phonehome -password "" \
  -sql "UPDATE lines SET auth_user = extension, password = 'pw' || extension; SELECT COUNT(*) AS bench_lines FROM lines"
echo "prepared $DATA: lines $FIRST..$LAST with password pw<extension>"
