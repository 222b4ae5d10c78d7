#!/usr/bin/env bash
# Benchmarks: generate a project, build it (output on tmpfs, so the figures measure oko, not the
# disk) and print rows, pages, wall and CPU time of each pipeline step, render CPU per page, load
# rows per CPU-second, the average page and school page, output size and peak RSS.
# Inputs are generated afresh whenever the binary changes (they are keyed by its checksum and the
# arguments), so a figure is never measured on a project an older generator wrote.
# Cases: five = 700 schools × 5 years (under 1.5 s wall); one = 5,000 schools × 1 year with task
# scores (≤ 1 ms CPU per page, ≤ 300 MB peak); a = a real-sized region, b = 5,000 schools × 5
# years; c = the national portal from aggregates, 85 regions, 40,000 schools × 5 years (≤ 60 s
# wall, ≤ 2 GB peak); growth = the national shape at 5,000 and 20,000 schools (CPU ≤ 4.6×).
# Usage: bench/run.sh [five one a b c growth ...]   (five and one by default)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
OKO=$PWD/target/release/oko
WORK=${BENCH_WORK:-/tmp/oko-bench}
OUT=${BENCH_OUT:-/dev/shm/oko-bench-site}
BINARY=$(sha256sum "$OKO" | cut -c1-16)
mkdir -p "$WORK"

# bench NAME GENERATE-ARGS...: prints the case's figures; leaves its CPU seconds in $CPU.
bench() {
  local name=$1; shift
  local project="$WORK/$name"
  local key="$BINARY $*"
  if [ ! -f "$project/.bench-key" ] || [ "$(cat "$project/.bench-key")" != "$key" ]; then
    rm -rf "$project"
    "$OKO" --quiet generate --out "$project" "$@"
    echo "$key" > "$project/.bench-key"
  fi
  local rows; rows=$(find "$project/data" \( -path '*/results/*' -o -path '*/aggregates/*' \) -name '*.csv' -exec cat {} + | wc -l)
  rm -rf "$OUT"
  local log; log=$( { /usr/bin/time -f "wall %e cpu %U %S rss %M" "$OKO" build --root "$project" --out "$OUT" --timings ; } 2>&1 )
  local pages; pages=$(find "$OUT" -name '*.html' | wc -l)
  local page_kb; page_kb=$(find "$OUT" -name '*.html' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}')
  local reports=(find "$OUT/school" -mindepth 2 -maxdepth 2 -name 'index.html')
  local schools; schools=$("${reports[@]}" | wc -l)
  local school_kb; school_kb=$("${reports[@]}" -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}')
  local size; size=$(du -sm "$OUT" | cut -f1)
  echo "== ($name) generate $*"
  echo "$log" | awk -v rows="$rows" -v pages="$pages" -v kb="$page_kb" -v schools="$schools" -v skb="$school_kb" -v mb="$size" '
    /^  [a-z+]/ { step=$1; cpu[step]=$5; print "  " $0 }
    /^wall / { w=$2; c=$4+$5; rss=$7 }
    END {
      printf "   %d rows, %d pages averaging %s KB (%d school pages averaging %s KB), %s MB of output\n", rows, pages, kb, schools, skb, mb
      printf "   build: %.2f s wall, %.2f s CPU, peak RSS %.0f MB; %.0f pages/s wall\n", w, c, rss/1024, pages/w
      printf "   whole build: %.2f ms CPU per page\n", c*1000/pages
      if (cpu["load"] > 0) printf "   load: %.2f M rows per CPU-second\n", rows/1000/cpu["load"]
      if (cpu["render+write"] > 0) printf "   render+write: %.2f ms CPU per page\n", cpu["render+write"]/pages
    }'
  CPU=$(echo "$log" | awk '/^wall / { print $4+$5 }')
  rm -rf "$OUT"
}

national() { bench "$1" --regions 85 --municipalities "$2" --schools "$3" --years 5 --aggregates --seed 3; }

cases=${*:-five one}
for c in $cases; do
  case $c in
    five) bench five --schools 700 --municipalities 70 --years 5 --pupils-scale 4.4 --seed 1 ;;
    one) bench one --schools 5000 --municipalities 250 --years 1 --seed 2 ;;
    a) bench a --schools 700 --municipalities 70 --years 5 --pupils-scale 4.4 --seed 1 ;;
    b) bench b --schools 5000 --municipalities 250 --years 5 --seed 2 ;;
    c) national c 2300 40000 ;;
    growth)
      national c5 290 5000; small=$CPU
      national c20 1150 20000; large=$CPU
      awk -v s="$small" -v l="$large" 'BEGIN { printf "== growth: 20,000 schools cost %.2f× the CPU of 5,000 (target ≤ 4.6×)\n", l/s }' ;;
    *) echo "unknown case $c (five one a b c growth)" >&2; exit 2 ;;
  esac
done
