#!/usr/bin/env bash
# Installs a VSIX into the offline VS Code host with code-server's own installer, as a user's VS Code would, and
# runs a host suite against the installed extension folder (not the development checkout): proves the package is
# complete, installable and working. Exit status: 0 passed, 1 failed, 2 bad usage.
# usage: check-vsix.sh FILE.vsix [TESTS_INDEX.js]   (default: out/test/integration/index.js)
set -euo pipefail
cd "$(dirname "$0")/../.."

vsix=${1:-}
tests=${2:-out/test/integration/index.js}
[ -f "$vsix" ] || { echo "check-vsix: no such VSIX: '$vsix'; usage: check-vsix.sh FILE.vsix [TESTS_INDEX.js]" >&2; exit 2; }
[ -f "$tests" ] || { echo "check-vsix: no such tests module: $tests (run npm run compile first)" >&2; exit 2; }

# A failed install must stop here with its own message, not later as an unset variable.
host=$(bash scripts/vscode-host/install.sh) || { echo "vsix: the VS Code host is missing: scripts/vscode-host/install.sh failed (its messages are above)" >&2; exit 1; }
eval "$host" # NODE=, SERVER_MAIN=, CHROMIUM=
[ -x "${NODE:-}" ] && [ -f "${SERVER_MAIN:-}" ] || { echo "vsix: scripts/vscode-host/install.sh did not print a working NODE and SERVER_MAIN" >&2; exit 1; }
CODE_SERVER="$(dirname "$SERVER_MAIN")/../../../out/node/entry.js"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$NODE" "$CODE_SERVER" --user-data-dir "$WORK/ud" --extensions-dir "$WORK/ext" \
  --install-extension "$vsix" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
installed=$(ls -d "$WORK"/ext/sqlpatterns.sql-patterns-* 2>/dev/null || true)
[ -n "$installed" ] && [ -f "$installed/package.json" ] ||
  { echo "vsix: $(basename "$vsix") installed nothing"; ls -R "$WORK/ext" | head -40; exit 1; }
echo "vsix: $(basename "$vsix") ($(du -h "$vsix" | cut -f1)) installed into the VS Code host as $(basename "$installed")"
node scripts/vscode-host/run-tests.mjs --extension "$installed" --tests "$(realpath "$tests")" \
  --with-extension "$PWD/test/fixtures/sql-languages-extension" \
  --with-extension "$PWD/test/fixtures/workspace/.test-extensions/language-model" \
  --workspace "$PWD/test/fixtures/workspace"
