#!/usr/bin/env bash
# Build the web UI's static files into web/static/ (gitignored):
#   web/static/cwyn.css            GOV.UK Frontend + our rules (web/scss/cwyn.scss)
#   web/static/assets/images/...   GOV.UK Frontend's icons and images
# The npm packages come from package.json / package-lock.json (npm ci, or
# npm install when there is no lockfile yet). Does nothing when the output is
# newer than its inputs, so `make run` and `make check` cost nothing the
# second time. Fails loudly: a server without its stylesheet still works
# (every page is usable unstyled) but the browser tests would not be honest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=web/static
css=$out/cwyn.css
stamp=node_modules/.cwyn-installed

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-assets: node and npm are needed (scripts/deps.sh installs them)" >&2
  exit 1
fi

# 1. node_modules, when package.json or the lockfile changed since the last install.
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] ||
   { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --ignore-scripts
  else
    npm install --no-audit --no-fund --ignore-scripts
  fi
  touch "$stamp"
fi

# 2. The stylesheet and images, when any input is newer than the output.
if [ -f "$css" ] && [ "$css" -nt "$stamp" ] &&
   [ -z "$(find web/scss -newer "$css" -print -quit)" ]; then
  exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cwyn-assets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/assets"
node_modules/.bin/sass --pkg-importer=node --no-source-map --style=compressed \
  --quiet-deps web/scss/cwyn.scss "$tmp/cwyn.css"
cp -R node_modules/govuk-frontend/dist/govuk/assets/images "$tmp/assets/images"
# GOV.UK's own typeface is licensed for GOV.UK only; cwyn.scss uses Arial.
mkdir -p "$out"
rm -rf "$out/assets"
mv "$tmp/assets" "$out/assets"
mv "$tmp/cwyn.css" "$css"
echo "build-assets: wrote $css and $out/assets/images"
