#!/usr/bin/env bash
# Stops the PostgreSQL and MariaDB servers that scripts/engines/start.sh started. Data is kept.
set -euo pipefail

DIR=${SQLPATTERNS_ENGINES_DIR:-/tmp/sqlpatterns-engines}

# stop_pid LABEL PIDFILE PROGRAM SIGNAL: signals the server, then waits until it is gone.
stop_pid() {
  local label=$1 pid comm
  pid=$(head -n 1 "$2" 2>/dev/null || true)
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  if [[ ! $pid =~ ^[0-9]+$ ]] || [ "$comm" != "$3" ]; then
    echo "$label: not running"
    return 0
  fi
  kill "-$4" "$pid"
  for _ in $(seq 300); do
    if [[ ! -e /proc/$pid ]] || [[ $(cat "/proc/$pid/stat" 2>/dev/null) == *") Z "* ]]; then
      echo "$label: stopped"
      return 0
    fi
    sleep 0.1
  done
  echo "$label: still running after 30s (pid $pid)" >&2
  return 1
}

status=0
# PostgreSQL: INT is the fast shutdown (TERM waits for clients to disconnect).
stop_pid postgres "$DIR/postgres/data/postmaster.pid" postgres INT || status=1
stop_pid mariadb "$DIR/mariadb/mariadb.pid" mariadbd TERM || status=1
exit $status
