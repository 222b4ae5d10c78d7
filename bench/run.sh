#!/usr/bin/env bash
# Benchmarks of issue 5: generate and build (a) a real-sized region, (b) 5,000 schools and
# (c) a national portal from aggregates. Prints, for each: rows, generation time, build wall
# time, rows/s, pages/s, peak RSS, output size, and the time of each pipeline step.
# Output goes to tmpfs (/dev/shm) so the figures measure oko, not the disk.
# Usage: bench/run.sh [a|b|c ...]   (all three by default)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
OKO=$PWD/target/release/oko
WORK=${BENCH_WORK:-/tmp/oko-bench}
OUT=${BENCH_OUT:-/dev/shm/oko-bench-site}
mkdir -p "$WORK"

bench() {
  local name=$1; shift
  local project="$WORK/$name"
  rm -rf "$project" "$OUT"
  local gen; gen=$( { /usr/bin/time -f "%e" "$OKO" generate --out "$project" "$@" ; } 2>&1 )
  local rows; rows=$(echo "$gen" | sed -n 's/.* \([0-9]*\) rows in .*/\1/p')
  local gen_s; gen_s=$(echo "$gen" | tail -1)
  local log; log=$( { /usr/bin/time -f "wall %e" "$OKO" build --root "$project" --out "$OUT" --timings ; } 2>&1 )
  local wall; wall=$(echo "$log" | sed -n 's/^wall //p')
  local files; files=$(echo "$log" | sed -n 's/^built \([0-9]*\) files.*/\1/p')
  local pages; pages=$(find "$OUT" -name '*.html' | wc -l)
  local size; size=$(du -sh "$OUT" | cut -f1)
  echo "== ($name) generate $*"
  printf '   rows %s (generated in %s s)\n' "$rows" "$gen_s"
  printf '   build %s s wall: %s rows/s, %s pages/s (%s pages, %s files, %s)\n' "$wall" \
    "$(awk -v r="$rows" -v t="$wall" 'BEGIN{printf "%.0f", r/t}')" \
    "$(awk -v p="$pages" -v t="$wall" 'BEGIN{printf "%.0f", p/t}')" "$pages" "$files" "$size"
  echo "$log" | grep -E '^  ' | sed 's/^/ /'
  rm -rf "$OUT"
}

cases=${*:-a b c}
for c in $cases; do
  case $c in
    a) bench a --schools 700 --municipalities 70 --years 5 --pupils-scale 4.4 --seed 1 ;;
    b) bench b --schools 5000 --municipalities 250 --years 5 --seed 2 ;;
    c) bench c --regions 85 --municipalities 2300 --schools 40000 --years 5 --aggregates --seed 3 ;;
  esac
done
