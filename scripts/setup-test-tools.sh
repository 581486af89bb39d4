#!/usr/bin/env bash
# Installs the real programs the integration tests run, into .tools/ (idempotent, quick when present):
#   - CLIProxyAPI (the engine inside VibeProxy), built from the Go module proxy at a pinned version;
#   - LiteLLM's proxy, in a Python venv, every package pinned with its hash.
# The Droid CLI and Node 24 come from npm (package.json). See README, "Test tools".
set -euo pipefail
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

if [ ! -x "$tools/bin/cliproxyapi" ]; then
  command -v go >/dev/null || { echo "setup-test-tools: Go is needed to build CLIProxyAPI (apt-get install golang, or go.dev)" >&2; exit 2; }
  echo "setup-test-tools: building CLIProxyAPI v7.2.140 (go build, a few minutes the first time)"
  # tools/cliproxyapi/go.sum pins every module's hash; some pseudo-versions CLIProxyAPI uses are not in
  # the checksum database (404 there), so the database is not asked: go.sum alone verifies downloads.
  (cd "$root/tools/cliproxyapi" && GOFLAGS=-mod=readonly GOSUMDB=off go build -o "$tools/bin/cliproxyapi" github.com/router-for-me/CLIProxyAPI/v7/cmd/server)
fi

if [ ! -x "$tools/litellm/bin/litellm" ]; then
  py=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" 2>/dev/null -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'; then py=$candidate; break; fi
  done
  [ -n "$py" ] || { echo "setup-test-tools: LiteLLM needs Python 3.11 to 3.13" >&2; exit 2; }
  echo "setup-test-tools: installing LiteLLM 1.104.2 into .tools/litellm (hash-pinned)"
  rm -rf "$tools/litellm"
  "$py" -m venv "$tools/litellm"
  "$tools/litellm/bin/pip" install --quiet --disable-pip-version-check --require-hashes --only-binary :all: -r "$root/tools/litellm/requirements.txt"
fi
echo "setup-test-tools: ready ($tools)"
