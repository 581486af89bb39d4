#!/bin/sh
# `npm start`: builds, then runs the main job. Where Electron cannot run (Linux, CI, SSH) that job is the
# terminal's view of the same core: `routelights status`, every route's light with reason and remedy.
set -e
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$root"
sh scripts/node24.sh node_modules/typescript/bin/tsc -b
exec sh scripts/node24.sh bin/routelights.js status "$@"
