#!/usr/bin/env bash
# tests/pg/pg.sh — a throwaway PostgreSQL 15 server for the test suites, so
# the PostgreSQL driver is tested against a real server on every `make test`.
#
#   pg.sh start   create a cluster in a temp dir, listen on 127.0.0.1 on a
#                 free port, create database cwyn_test, print its URL
#   pg.sh url     print the URL of the running server
#   pg.sh stop    shut the server down and remove its directory
#
# All three are idempotent. The server runs as an unprivileged user: as root
# the system user `cwyntest` (created if missing) through runuser, otherwise
# the calling user. Only the test user may connect, with trust auth, over
# 127.0.0.1 or the socket in the temp dir. fsync stays on: tests and the
# benchmark see real commit costs.
#
# Environment: CWYN_PG_DIR (state dir, default ${TMPDIR:-/tmp}/cwyn-pg-test),
# CWYN_PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN=${CWYN_PG_BIN:-/usr/lib/postgresql/15/bin}
STATE_DIR=${CWYN_PG_DIR:-${TMPDIR:-/tmp}/cwyn-pg-test}
PG_USER=cwyntest
DB_NAME=cwyn_test
DATA=$STATE_DIR/data
MARKER=$STATE_DIR/.cwyn-pg-test # proves the dir is ours before rm -rf

die() {
	echo "pg.sh: $*" >&2
	exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a PostgreSQL program as the unprivileged test user, from a directory
# that user can enter. The lock descriptor is closed for it: a server that
# inherited it would hold the lock for its whole life.
as_pg() {
	if is_root; then
		(cd "$STATE_DIR" && runuser -u "$PG_USER" -- "$@" 9>&-)
	else
		(cd "$STATE_DIR" && "$@" 9>&-)
	fi
}

running() {
	[ -f "$DATA/postmaster.pid" ] &&
		as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

port_in_use() {
	if command -v ss >/dev/null; then
		[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

pick_port() {
	local port
	for _ in $(seq 1 50); do
		port=$((20000 + RANDOM % 40000))
		port_in_use "$port" || {
			echo "$port"
			return 0
		}
	done
	die "no free TCP port found on 127.0.0.1"
}

remove_state_dir() {
	[ -e "$STATE_DIR" ] || return 0
	if [ -e "$MARKER" ] || [ -z "$(ls -A "$STATE_DIR")" ]; then
		rm -rf "$STATE_DIR"
	else
		die "$STATE_DIR exists but was not made by pg.sh; remove it yourself"
	fi
}

do_stop() {
	[ -e "$STATE_DIR" ] || return 0
	if running; then
		as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null ||
			die "could not stop the test server in $DATA"
	fi
	rm -f "$STATE_DIR/url"
	remove_state_dir
}

# Print the tail of a log and fail.
die_with_log() {
	local log=$1
	shift
	[ -f "$log" ] && tail -n 20 "$log" >&2
	do_stop || true
	die "$@"
}

ensure_user() {
	id -u "$PG_USER" >/dev/null 2>&1 && return 0
	useradd --system --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin "$PG_USER" ||
		die "could not create the system user $PG_USER"
}

do_start() {
	if running && [ -s "$STATE_DIR/url" ]; then
		cat "$STATE_DIR/url"
		return 0
	fi
	[ -x "$PG_BIN/initdb" ] ||
		die "PostgreSQL 15 is not installed ($PG_BIN/initdb is missing); run scripts/deps.sh"
	# A half-made or crashed cluster is not worth rescuing: start afresh.
	do_stop

	is_root && ensure_user
	mkdir -p "$STATE_DIR"
	chmod 700 "$STATE_DIR"
	touch "$MARKER"
	is_root && chown -R "$PG_USER:" "$STATE_DIR"
	as_pg test -w "$STATE_DIR" 2>/dev/null ||
		die "user $PG_USER cannot write $STATE_DIR; set TMPDIR or CWYN_PG_DIR to a directory it can reach"

	as_pg "$PG_BIN/initdb" -D "$DATA" -U "$PG_USER" --auth=trust -E UTF8 \
		--no-locale >"$STATE_DIR/initdb.log" 2>&1 ||
		die_with_log "$STATE_DIR/initdb.log" "initdb failed"
	# Only the test user, only from this machine.
	cat >"$DATA/pg_hba.conf" <<EOF
# written by tests/pg/pg.sh
local all $PG_USER trust
host  all $PG_USER 127.0.0.1/32 trust
EOF
	is_root && chown "$PG_USER:" "$DATA/pg_hba.conf"

	local port started=0
	for _ in 1 2 3 4 5; do
		port=$(pick_port)
		if as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$STATE_DIR/server.log" -w -t 60 \
			-o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$STATE_DIR' -c fsync=on" \
			start >/dev/null 2>&1; then
			started=1
			break
		fi
		# Someone took the port between the check and the bind: try another.
		grep -q "could not bind\|Address already in use" "$STATE_DIR/server.log" 2>/dev/null ||
			break
	done
	[ "$started" = 1 ] ||
		die_with_log "$STATE_DIR/server.log" "the test server did not start"

	as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$DB_NAME" ||
		die_with_log "$STATE_DIR/server.log" "could not create database $DB_NAME"

	echo "postgresql://$PG_USER@127.0.0.1:$port/$DB_NAME" >"$STATE_DIR/url.tmp"
	mv "$STATE_DIR/url.tmp" "$STATE_DIR/url"
	cat "$STATE_DIR/url"
}

do_url() {
	running && [ -s "$STATE_DIR/url" ] ||
		die "no test server is running; run tests/pg/pg.sh start"
	cat "$STATE_DIR/url"
}

cmd=${1:-}
case "$cmd" in
start | stop | url) ;;
*)
	echo "usage: tests/pg/pg.sh start|stop|url" >&2
	exit 2
	;;
esac

# One pg.sh at a time per state dir, so two `make test` runs cannot tear
# down each other's half-made server.
# (A lock file left by another user cannot be opened; go on without it.)
mkdir -p "$(dirname "$STATE_DIR")"
if { exec 9>>"$STATE_DIR.lock"; } 2>/dev/null; then
	flock 9
fi

case "$cmd" in
start) do_start ;;
stop) do_stop ;;
url) do_url ;;
esac
