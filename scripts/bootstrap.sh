#!/usr/bin/env bash
# Source this: makes Node >= 22.18 available (scripts/node24.sh) and installs the npm
# dependencies when package-lock.json changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/node24.sh
source "$root/scripts/node24.sh"
stamp="$root/node_modules/.launchcrew-lock.sha256"
want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "launchcrew: installing dependencies (npm ci)…" >&2
  (cd "$root" && npm ci --no-audit --no-fund >&2)
  echo "$want" > "$stamp"
fi
