#!/usr/bin/env bash
# Turns phrases.tsv (and the numbers 0..100) into the prompt WAVs Phonehome ships:
# src/main/resources/io/phonehome/prompts/<language>/<key>.wav, 8 kHz mono A-law (G.711's own
# rate and coding, half the size of 16-bit PCM), leading and trailing silence trimmed.
# Needs Debian's espeak-ng and sox (apt-get install espeak-ng sox); the WAVs are committed, so
# neither the build nor the tests need them. Rerun after adding a row; it rewrites every file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/io/phonehome/prompts"
declare -A voice=([en]=en-gb [fr]=fr-ch [de]=de [it]=it)
declare -A column=([en]=2 [fr]=3 [de]=4 [it]=5)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
say() { # language key text
  espeak-ng -v "${voice[$1]}" -s 150 -w "$tmp/raw.wav" -- "$3"
  sox -q "$tmp/raw.wav" -r 8000 -c 1 -e a-law -b 8 "$out/$1/$2.wav" \
      silence 1 0.01 0.3% reverse silence 1 0.01 0.3% reverse pad 0.05 0.05
}
for lang in en fr de it; do
  mkdir -p "$out/$lang"
  rm -f "$out/$lang"/*.wav
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    key="$(cut -f1 <<<"$line")"
    text="$(cut -f"${column[$lang]}" <<<"$line")"
    say "$lang" "$key" "$text"
  done < "$here/phrases.tsv"
  for n in $(seq 0 100); do
    say "$lang" "n$n" "$n"
  done
done
cp "$here/phrases.tsv" "$out/phrases.tsv"
du -sh "$out"
