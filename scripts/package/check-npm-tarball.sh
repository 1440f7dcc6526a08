#!/usr/bin/env bash
# Proves the CLI installs like a real tool: `npm pack` (its prepack build included) makes a tarball that
# installs globally with only its runtime dependencies, after which `sqlpatterns demo` works from any folder.
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "npm tarball: $*" >&2; exit 1; }

npm pack --pack-destination "$WORK" >"$WORK/pack.log" 2>&1 || { cat "$WORK/pack.log"; fail "npm pack failed"; }
tarball=$(ls "$WORK"/sql-patterns-*.tgz)
contents=$(tar -tzf "$tarball")
for wanted in bin/sqlpatterns.js dist/cli.js prompts/sessionization/events.sql.hbs media/preview.js \
  data/sample-clickstream.csv data/sample-customers.csv data/sample-funnel.csv prompts/funnel/funnel.sql.hbs; do
  grep -qx "package/$wanted" <<<"$contents" || fail "$wanted is missing from $(basename "$tarball")"
done
! grep -E '^package/(src|test|scripts|node_modules)/' <<<"$contents" || fail "development files are in the tarball"

npm install --global --prefix "$WORK/prefix" --omit=dev --no-audit --no-fund "$tarball" >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log"; fail "global install failed"; }
deps=$(ls "$WORK/prefix/lib/node_modules/sql-patterns/node_modules")
[[ $deps == *@duckdb* ]] || fail "DuckDB was not installed with the CLI"
! grep -qx -E 'handlebars|sql-formatter|mocha|esbuild|typescript' <<<"$deps" || fail "development dependencies were installed: $deps"

mkdir "$WORK/elsewhere"
demo=$(cd "$WORK/elsewhere" && "$WORK/prefix/bin/sqlpatterns" demo 2>&1) || { echo "$demo"; fail "sqlpatterns demo failed"; }
grep -Eq '^ *sessions +964$' <<<"$demo" || { echo "$demo"; fail "demo did not report the sample's 964 sessions"; }
echo "npm tarball: $(du -h "$tarball" | cut -f1) $(basename "$tarball") installs globally with $(wc -w <<<"$deps") runtime packages; sqlpatterns demo runs from another folder"
