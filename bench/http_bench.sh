#!/usr/bin/env bash
# bench/http_bench.sh — the JSON API under load with wrk: requests per
# second and p99 latency for reading a case, listing cases and creating a
# case (authenticated with an API token), and the server's resident memory
# idle and after the load.
#
#   bench/http_bench.sh [BUILD]     (default build dir: build)
#
# A database of CWYN_BENCH_CASES generated cases (bench/gen_cases, default
# 100000; CWYN_BENCH_CASES=1000000 for the full run) is made in a temp dir,
# a complaints officer and an API token are added with `cwyn user` and
# `cwyn token`, and `cwyn serve` runs on 127.0.0.1 (port chosen by the
# kernel). Knobs: CWYN_BENCH_SECONDS (per endpoint, default 10),
# CWYN_BENCH_CONNECTIONS (default 32), CWYN_BENCH_THREADS (wrk threads,
# default 4), CWYN_BENCH_SERVER_THREADS (default: cwyn's own),
# CWYN_BENCH_DB (an SQLite file made earlier by gen_cases with
# --authority bench: it is copied and used instead of generating, so
# runs with and without a change see the same data; set
# CWYN_BENCH_CASES to its size).
# Without wrk (scripts/deps.sh bench installs it) it says so and exits 0.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
cwyn="$build/src/cli/cwyn"
gen="$build/bench/gen_cases"
n=${CWYN_BENCH_CASES:-100000}
secs=${CWYN_BENCH_SECONDS:-10}
conns=${CWYN_BENCH_CONNECTIONS:-32}
wthreads=${CWYN_BENCH_THREADS:-4}

if ! command -v wrk >/dev/null; then
	echo "http_bench: wrk is not installed (scripts/deps.sh bench); skipped"
	exit 0
fi
for b in "$cwyn" "$gen"; do
	[ -x "$b" ] || { echo "http_bench: $b missing; build first" >&2; exit 1; }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/cwyn-http-bench.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
db="sqlite:$dir/bench.db"

if [ -n "${CWYN_BENCH_DB:-}" ]; then
	echo "copying $CWYN_BENCH_DB ($n cases)..."
	cp "$CWYN_BENCH_DB" "$dir/bench.db"
else
	echo "generating $n cases..."
	"$gen" "$db" "$n" --authority bench 2>&1 | tail -1
fi
"$cwyn" user add bench.officer --role complaints_officer --db "$db" \
	--authority bench >/dev/null
token=$("$cwyn" token create bench.officer wrk --db "$db" --authority bench |
	grep -o 'cwyn_[A-Za-z0-9_-]*' | head -1)
[ -n "$token" ] || { echo "http_bench: no API token" >&2; exit 1; }

serve_args=(serve --db "$db" --authority bench --listen 127.0.0.1:0)
[ -n "${CWYN_BENCH_SERVER_THREADS:-}" ] &&
	serve_args+=(--threads "$CWYN_BENCH_SERVER_THREADS")
# The access log goes nowhere: the figures are about the API.
"$cwyn" "${serve_args[@]}" >"$dir/serve.out" 2>/dev/null &
pid=$!
url=
for _ in $(seq 100); do
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" || true)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "http_bench: cwyn serve did not start" >&2; exit 1; }

rss() { awk -v k="$2:" '$1 == k { print $2 " " $3 }' "/proc/$1/status"; }
idle=$(rss "$pid" VmRSS)

# References to read: the first pages of the list, then pages from
# random places, so reads hit the whole table (and its cache misses).
curl_list() {
	curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/cases?limit=500&after=$1"
}
{
	curl_list 0
	for _ in $(seq 8); do curl_list $((RANDOM * RANDOM % n)); done
} | python3 -c '
import json, sys
for line in sys.stdin.read().replace("}{", "}\n{").splitlines():
    for c in json.loads(line)["cases"]:
        print(c["reference"])' | sort -u >"$dir/refs.txt"
[ -s "$dir/refs.txt" ] || { echo "http_bench: no case references" >&2; exit 1; }

export CWYN_BENCH_TOKEN=$token CWYN_BENCH_LUA=$here/wrk \
	CWYN_BENCH_REFS=$dir/refs.txt CWYN_BENCH_BODY=$here/wrk/intake.json \
	CWYN_BENCH_CASES=$n

printf '%-24s %12s %12s %10s\n' endpoint "requests/s" "p99" non-2xx
for spec in "GET /api/v1/cases/{ref}:case_read" "GET /api/v1/cases:case_list" \
	"POST /api/v1/cases:case_create"; do
	name=${spec%%:*}
	script=${spec##*:}
	out=$(wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency \
		-s "$here/wrk/$script.lua" "$url")
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	bad=$(awk '/^non-2xx answers:/ { print $3 }' <<<"$out")
	printf '%-24s %12s %12s %10s\n' "$name" "$rps" "$p99" "${bad:-0}"
done
echo "cases in the database: $n ($(wc -l <"$dir/refs.txt") references sampled for reads)"
echo "RSS idle: $idle; after load: $(rss "$pid" VmRSS) (peak $(rss "$pid" VmHWM))"
