#!/usr/bin/env bash
# `make run`: show cwyn working on this machine. Until the server lands
# (issue 4) this runs the command-line demo of the procedure engine.
set -euo pipefail
build=${1:-build}
cwyn="$build/cwyn"
echo "== cwyn help"
"$cwyn" help
