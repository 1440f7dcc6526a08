#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests (playwright-core cannot download
# browsers on this network). Idempotent: a no-op when /usr/bin/chromium exists. Waits for another
# apt or dpkg run (unattended upgrades, a parallel install) instead of failing on its lock.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
LOCK_WAIT_SECONDS=${LOCK_WAIT_SECONDS:-600}
log() { printf '[chromium] %s\n' "$*" >&2; }

[ -x "$CHROMIUM" ] && exit 0
command -v apt-get >/dev/null || { log "ERROR: apt-get not found; install chromium so that $CHROMIUM exists"; exit 1; }
sudo=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { log "ERROR: not root and no sudo; as root run: apt-get update && apt-get install -y chromium"; exit 1; }
  sudo=(sudo)
fi

# dpkg's lock is waited for by apt itself; `apt-get update` only fails on the lists lock, so retry it.
apt_wait=(-o "DPkg::Lock::Timeout=$LOCK_WAIT_SECONDS")
deadline=$((SECONDS + LOCK_WAIT_SECONDS))
log "installing the Debian package chromium ..."
until out=$("${sudo[@]}" apt-get "${apt_wait[@]}" update 2>&1); do
  if grep -q 'Could not get lock' <<<"$out" && [ "$SECONDS" -lt "$deadline" ]; then
    log "apt is busy (lock held), waiting ..."
    sleep 5
    continue
  fi
  printf '%s\n' "$out" >&2
  log "ERROR: apt-get update failed"
  exit 1
done
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y chromium >&2
[ -x "$CHROMIUM" ] || { log "ERROR: $CHROMIUM is missing after installing chromium"; exit 1; }
log "installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
