#!/usr/bin/env bash
# Source this after scripts/bootstrap.sh: builds the dashboard into web/dist when it is missing
# or when its sources (web/, package-lock.json) changed since the last build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.launchcrew-web.sha256"
want="$(cd "$root" && find web -path web/dist -prune -o -type f -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | cat - package-lock.json | sha256sum | cut -d' ' -f1)"
if [ ! -f "$root/web/dist/index.html" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "launchcrew: building the dashboard (npm run build:web)…" >&2
  (cd "$root" && npm run --silent build:web >&2)
  echo "$want" > "$stamp"
fi
