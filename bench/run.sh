#!/usr/bin/env bash
# Benchmarks: generate a project, build it (output on tmpfs, so the figures measure oko, not the
# disk) and print rows, pages, wall and CPU time of each pipeline step, render CPU per page, load
# rows per CPU-second, the average school page, output size and peak RSS.
# Cases: five = 700 schools × 5 years (issue 10: under 1.5 s wall), one = 5,000 schools × 1 year
# (issue 10: render ≤ 1 ms CPU per page, school pages ≤ 60 KB), a/b/c = issue 5's real-sized
# region, 5,000 schools × 5 years, and a national portal from aggregates.
# Usage: bench/run.sh [five one a b c ...]   (five and one by default)
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
  if [ ! -f "$project/.args" ] || [ "$(cat "$project/.args")" != "$*" ]; then
    rm -rf "$project"
    "$OKO" --quiet generate --out "$project" "$@"
    echo "$*" > "$project/.args"
  fi
  local rows; rows=$(find "$project/data" -name '*.csv' -path '*results*' -exec cat {} + | wc -l)
  rm -rf "$OUT"
  local log; log=$( { /usr/bin/time -f "wall %e cpu %U %S rss %M" "$OKO" build --root "$project" --out "$OUT" --timings ; } 2>&1 )
  local pages; pages=$(find "$OUT" -name '*.html' | wc -l)
  local reports=(find "$OUT/school" -mindepth 2 -maxdepth 2 -name 'index.html')
  local schools; schools=$("${reports[@]}" | wc -l)
  local school_kb; school_kb=$("${reports[@]}" -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}')
  local size; size=$(du -sm "$OUT" | cut -f1)
  echo "== ($name) generate $*"
  echo "$log" | awk -v rows="$rows" -v pages="$pages" -v schools="$schools" -v kb="$school_kb" -v mb="$size" '
    /^  [a-z+]/ && !/peak RSS/ { step=$1; wall[step]=$2; cpu[step]=$5; print "  " $0 }
    /^wall / { w=$2; c=$4+$5; rss=$7 }
    END {
      printf "   %d rows, %d pages (%d school pages averaging %s KB), %s MB of output\n", rows, pages, schools, kb, mb
      printf "   build: %.2f s wall, %.2f s CPU, peak RSS %.0f MB; %.0f pages/s wall\n", w, c, rss/1024, pages/w
      if (cpu["load"] > 0) printf "   load: %.2f M rows per CPU-second\n", rows/1000/cpu["load"]
      if (cpu["render+write"] > 0) printf "   render+write: %.2f ms CPU per page\n", cpu["render+write"]/pages
    }'
  rm -rf "$OUT"
}

cases=${*:-five one}
for c in $cases; do
  case $c in
    five) bench five --schools 700 --municipalities 70 --years 5 --pupils-scale 4.4 --seed 1 ;;
    one) bench one --schools 5000 --municipalities 250 --years 1 --seed 2 ;;
    a) bench a --schools 700 --municipalities 70 --years 5 --pupils-scale 4.4 --seed 1 ;;
    b) bench b --schools 5000 --municipalities 250 --years 5 --seed 2 ;;
    c) bench c --regions 85 --municipalities 2300 --schools 40000 --years 5 --aggregates --seed 3 ;;
  esac
done
