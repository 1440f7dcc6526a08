#!/usr/bin/env bash
# Packages the extension (npm run package) and installs the VSIX into the offline VS Code host with
# code-server's own installer: proves the package is complete and installable. Prints its size.
set -euo pipefail
cd "$(dirname "$0")/../.."

# A failed install must stop here with its own message, not later as an unset variable.
host=$(bash scripts/vscode-host/install.sh) || { echo "vsix: the VS Code host is missing: scripts/vscode-host/install.sh failed (its messages are above)" >&2; exit 1; }
eval "$host" # NODE=, SERVER_MAIN=, CHROMIUM=
[ -x "${NODE:-}" ] && [ -f "${SERVER_MAIN:-}" ] || { echo "vsix: scripts/vscode-host/install.sh did not print a working NODE and SERVER_MAIN" >&2; exit 1; }
CODE_SERVER="$(dirname "$SERVER_MAIN")/../../../out/node/entry.js"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

npm run --silent package -- --out "$WORK/sql-patterns.vsix" >"$WORK/package.log" 2>&1 || { cat "$WORK/package.log"; exit 1; }
"$NODE" "$CODE_SERVER" --user-data-dir "$WORK/ud" --extensions-dir "$WORK/ext" \
  --install-extension "$WORK/sql-patterns.vsix" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
installed=$(ls -d "$WORK"/ext/sqlpatterns.sql-patterns-* 2>/dev/null || true)
[ -n "$installed" ] && [ -f "$installed/dist/extension.js" ] && [ -f "$installed/dist/snippets/sql.json" ] ||
  { echo "vsix: the installed extension is incomplete"; ls -R "$WORK/ext" | head -40; exit 1; }
echo "vsix: $(du -h "$WORK/sql-patterns.vsix" | cut -f1) packaged, installed into the VS Code host as $(basename "$installed")"
