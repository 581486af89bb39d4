#!/bin/sh
# `npm start`: on a Mac, builds and launches the menu bar app in development (electron-vite dev; the
# first run downloads Electron's binary). Where Electron cannot run (Linux, CI, SSH), it builds the
# command and the window (so `routelights serve` shows it), then runs the same core in the terminal:
# `routelights status`, every route's light with reason and remedy.
set -e
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$root"
if [ "$(uname -s)" = Darwin ]; then
  exec sh scripts/node24.sh node_modules/electron-vite/bin/electron-vite.js dev
fi
sh scripts/node24.sh scripts/build-cli.ts
sh scripts/node24.sh node_modules/electron-vite/bin/electron-vite.js build --logLevel error
# A red light is what the check found, not a failure of `npm start` (npm would print its own error block).
code=0
sh scripts/node24.sh bin/routelights.js status "$@" || code=$?
[ "$code" -eq 1 ] && exit 0
exit "$code"
