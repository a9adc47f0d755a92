#!/usr/bin/env bash
# The layers of engine/: every #include of a project header names a header
# of its own layer or of a layer below it, and no layer but store, jobs and
# server includes libpq. The build enforces the same through include_directories;
# this also catches a relative path ("../store/x.h") that would slip past it.
set -u
src=${MOTCUA_SRC:?}
fail=0
allowed() { # layer -> the layers whose headers it may include
  case $1 in
    core) echo "core" ;;
    store) echo "core store" ;;
    outputs) echo "core outputs" ;;
    jobs) echo "core store outputs jobs" ;;
    server) echo "core store outputs jobs server web" ;;
    web) echo "core store outputs jobs server web" ;;
  esac
}
declare -A layer_of
for d in core store outputs jobs server web; do
  for h in "$src"/engine/$d/*.h; do layer_of[$(basename "$h")]=$d; done
done
for d in core store outputs jobs server web; do
  ok=" $(allowed $d) "
  for f in "$src"/engine/$d/*.[ch]; do
    while IFS= read -r inc; do
      case $inc in
        */*) echo "engine/$d/$(basename "$f"): includes '$inc' by a path"; fail=1; continue ;;
        motcua_config.h) continue ;;
      esac
      l=${layer_of[$inc]:-}
      if [ -z "$l" ]; then
        echo "engine/$d/$(basename "$f"): includes '$inc', a header of no layer"; fail=1
      elif [[ $ok != *" $l "* ]]; then
        echo "engine/$d/$(basename "$f"): includes '$inc' of $l, above $d"; fail=1
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
    if [ $d != store ] && [ $d != jobs ] && [ $d != server ] && grep -qE '#[[:space:]]*include[[:space:]]*[<"][^>"]*libpq' "$f"; then
      echo "engine/$d/$(basename "$f"): includes libpq"; fail=1
    fi
  done
done
# the web layer (pages) is the server's; server.c may name only its pages
if grep -n '#[[:space:]]*include[[:space:]]*"\(page\|html\|assets\)\.h"' "$src"/engine/server/*.c >/dev/null; then
  echo "engine/server: includes a page's header (only web.h, the routes)"; fail=1
fi
# no SQL text in tools/ or the pages (the store layer holds every statement)
if grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|WITH|COPY|BEGIN|SET) ' "$src"/engine/web/*.c >/dev/null; then
  grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|WITH|COPY|BEGIN|SET) ' "$src"/engine/web/*.c | sed 's/^/SQL in a page: /' | head -20
  fail=1
fi
# no SQL text in tools/ (the library's store layer holds every statement)
if grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|WITH|COPY|BEGIN|SET) ' "$src"/tools/*.c >/dev/null; then
  grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|WITH|COPY|BEGIN|SET) ' "$src"/tools/*.c | sed 's/^/SQL in tools: /' | head -20
  fail=1
fi
[ $fail = 0 ] && echo "layers: every include points down"
exit $fail
