#!/usr/bin/env bash
# Entry point behind `npm run dev` and `npm test`. Works on a machine that has only Node 20 and
# npm: pnpm comes from the npm registry through npx, and Node 24 is a devDependency of the root
# package, so every `pnpm run`/`pnpm exec` below runs on Node 24 from node_modules/.bin.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -e 'process.stdout.write(require("./package.json").packageManager.split("@")[1])')
pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    command pnpm "$@"
  else
    npx --yes "pnpm@$PNPM_VERSION" "$@"
  fi
}

step() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

cmd=${1:-}
shift || true
case "$cmd" in
  dev | test | test-deep | bench | chaos | check | setup) ;;
  *)
    echo "usage: scripts/gavel.sh dev|test|test-deep|bench|chaos|check|setup" >&2
    exit 2
    ;;
esac

step "Installing dependencies (pnpm $PNPM_VERSION, frozen lockfile)"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -v 'Unknown user config "nodedir"' || {
  echo "pnpm install failed" >&2
  exit 1
}

# From here on, node is the project's Node 24 (the real binary, not pnpm's shell shim, so
# signals reach it) and tools are the workspace's own.
export PATH="$PWD/node_modules/node/bin:$PWD/node_modules/.bin:$PATH"

step "Building contracts and generating ABIs (node $(node --version))"
pnpm run --silent build

case "$cmd" in
  setup) ;;
  dev) exec node scripts/dev.ts "$@" ;;
  test) exec node scripts/test.ts "$@" ;;
  test-deep) exec node scripts/test-deep.ts "$@" ;;
  bench) exec node scripts/bench.ts "$@" ;;
  chaos) exec node scripts/chaos.ts "$@" ;;
  check) exec node scripts/check.ts "$@" ;;
esac
