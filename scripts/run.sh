#!/usr/bin/env bash
# `make run`: show cwyn working on this machine. The Makefile has built
# everything; this loads the demo cases into var/cwyn.db the first time
# (`cwyn demo`: Example County Council, staff for every role, cases in
# English and Welsh with dates relative to today), prints the case list
# and what is overdue, then starts the web server on 127.0.0.1:8080 in the
# foreground when this build has one. Run it from the repository root.
set -euo pipefail
build=${1:-build}
cwyn="$build/src/cli/cwyn"
[ -x "$cwyn" ] || cwyn="$build/cwyn"
[ -x "$cwyn" ] || { echo "run.sh: no cwyn binary in $build; run make build" >&2; exit 1; }
db_file=var/cwyn.db
db="sqlite:$db_file"
# CWYN_LISTEN moves it when port 8080 is taken: make run CWYN_LISTEN=127.0.0.1:8081
listen=${CWYN_LISTEN:-127.0.0.1:8080}

mkdir -p var
chmod 700 var
if [ ! -e "$db_file" ]; then
	echo "== cwyn demo (first run: loading the demonstration cases into $db_file)"
	"$cwyn" demo --db "$db"
fi

echo
echo "== cwyn case list"
"$cwyn" case list --db "$db"
echo
echo "== cwyn overdue"
"$cwyn" overdue --db "$db"

if "$cwyn" help | grep -q '^ *serve '; then
	echo
	echo "== cwyn serve: open http://$listen/ (Ctrl-C stops it)"
	# --first-admin: on a new database, make the "admin" account and print
	# its generated password and second-factor key once (never again).
	exec "$cwyn" serve --db "$db" --listen "$listen" --first-admin
fi
echo
echo "(this build has no web server yet: cwyn help lists what it can do)"
"$cwyn" help
