#!/usr/bin/env bash
# Installs the real programs the integration tests run (idempotent, quick when present):
#   - Debian packages: gnome-keyring and D-Bus (the Secret Service), Chromium;
#   - CLIProxyAPI (the engine inside VibeProxy), built from the Go module proxy at a pinned version;
#   - LiteLLM's proxy, in a Python venv, every package pinned with its hash.
# The Droid CLI and Node 24 come from npm (package.json). See README, "Test tools".
set -euo pipefail
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

# Debian packages: a real Secret Service (gnome-keyring over D-Bus) for the keychain tests, and
# Chromium for the window's end-to-end tests.
missing=()
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-daemon >/dev/null 2>&1 || missing+=(dbus-daemon)
command -v dbus-send >/dev/null 2>&1 || missing+=(dbus-bin)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-test-tools: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup-test-tools: missing ${missing[*]}; install them (Debian: sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi

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
