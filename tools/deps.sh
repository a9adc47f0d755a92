#!/usr/bin/env bash
# Install the Debian packages motcua needs to build, run and test.
# Usage: tools/deps.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  # build
  meson ninja-build gcc pkg-config libpq-dev libyaml-dev
  # PDF forms: cairo + pango, and a font with Vietnamese glyphs
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libqrencode-dev
  # official paper (Decree 30/2020): Liberation Serif, metric-compatible with
  # Times New Roman; DejaVu Serif stays the fallback for glyphs
  fonts-liberation2
  # JSON output
  libjansson-dev
  # .xlsx workbooks: Biểu 06a (motcua report --format xlsx), the register
  libxlsxwriter-dev
  # motcua serve: the HTTP server; Argon2id password hashes (libsodium)
  libmicrohttpd-dev libsodium-dev
  # motcua serve under systemd: sd_notify (libsystemd)
  libsystemd-dev
  # run: the project-local PostgreSQL cluster (initdb, pg_ctl) and psql
  postgresql postgresql-client
  # tests: sanitizer runtimes, valgrind, util-linux (runuser)
  clang libclang-rt-14-dev valgrind util-linux poppler-utils zbar-tools curl jq
  # tests: the shipped nginx site file, end to end over TLS (tests/cli/test_serve_ops.sh)
  nginx-light openssl
  # tests: the HTML report and the desk in headless Chromium (the desk's
  # scenarios drive it with puppeteer-core from npm: tests/browser), under a
  # test clock (libfaketime) shared by PostgreSQL and the server
  chromium libfaketime
  # benchmarks: the numpy baseline
  python3-numpy
)

# Node.js and npm run the browser tests only (the product needs neither):
# the machine's own when it has them (a packaged Node may bundle npm, and
# Debian's npm package would conflict with it), Debian's otherwise
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
