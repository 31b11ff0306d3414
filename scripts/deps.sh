#!/usr/bin/env bash
# Install the Debian packages cwyn needs, but only those that are missing,
# so `make run` and `make check` work on a fresh Debian 12 machine and cost
# nothing on a prepared one. Uses sudo when not root.
set -euo pipefail

packages=(
  gcc make meson ninja-build pkg-config gettext
  libjansson-dev libsqlite3-dev sqlite3 libsodium-dev libcmocka-dev
  libmicrohttpd-dev libpq-dev postgresql postgresql-client libcurl4-openssl-dev
  valgrind chromium
  # Letters as PDF (cairo, pango, fontconfig) in DejaVu; pdftotext lets
  # test_letters read the PDFs back; libxml2 checks the report SVGs.
  libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-dejavu-core
  poppler-utils libxml2-dev
)
# Node.js and npm build the web UI's styles and run the browser tests. A
# machine may already have a newer Node.js than Debian's (with npm bundled),
# so only a missing command asks for the Debian packages.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# Extra groups, asked for by the make target that needs them.
for group in "$@"; do
  case "$group" in
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    bench) packages+=(wrk hyperfine) ;;
    browser) packages+=(chromium nodejs npm) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "cwyn: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
