#!/usr/bin/env bash
# `make bench`: run every benchmark in bench/ and print its figures.
set -euo pipefail
build=${1:-build}
for b in "$build"/bench/bench_*; do
  [ -f "$b" ] && [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b"
done
# The JSON API under wrk (optional: only when wrk is installed, which
# `scripts/deps.sh bench` does). CWYN_BENCH_CASES=1000000 for the full run.
if command -v wrk >/dev/null; then
  echo "== http_bench (wrk)"
  bench/http_bench.sh "$build"
else
  echo "== http_bench skipped: wrk is not installed (scripts/deps.sh bench)"
fi
