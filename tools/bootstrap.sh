#!/usr/bin/env bash
# The README's first command: install the Debian packages, build, and run the
# main job (`motcua demo`) on the project-local database.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash tools/deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/tools/motcua demo "$@"
