#!/usr/bin/env bash
# Starts PostgreSQL (127.0.0.1:55432) and MariaDB (127.0.0.1:53306) for the engine tests,
# installing the Debian packages first when missing, and Debian's sqlfluff, whose grammars
# test/unit/sqlfluff.test.ts parses the generated SQL with. Idempotent; see docs/engines.md.
set -euo pipefail

DIR=${SQLPATTERNS_ENGINES_DIR:-/tmp/sqlpatterns-engines}
[[ $DIR == /* ]] || DIR=$PWD/$DIR # as_pg leaves the caller's directory
PG_PORT=55432
MY_PORT=53306
NAME=sqlpatterns # database, user and password
WAIT_SECONDS=60

PG_DATA=$DIR/postgres/data PG_RUN=$DIR/postgres/run PG_LOG=$DIR/postgres/server.log
MY_DATA=$DIR/mariadb/data MY_SOCK=$DIR/mariadb/mariadb.sock
MY_PID=$DIR/mariadb/mariadb.pid MY_LOG=$DIR/mariadb/server.log

die() { echo "engines: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
is_root() { [ "$(id -u)" = 0 ]; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
my_bin() { command -v mariadbd || { [ -x /usr/sbin/mariadbd ] && echo /usr/sbin/mariadbd; } || true; }

# As root the servers run as their system users; otherwise as the caller. From / : PostgreSQL's programs
# return to the working directory and warn when postgres may not enter it (e.g. a checkout under /root).
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
pg_super() { if is_root; then echo postgres; else id -un; fi; } # peer authentication: the OS user
my_admin_user() { if is_root; then echo root; else id -un; fi; }
my_client() { mariadb --no-defaults -S "$MY_SOCK" -u "$(my_admin_user)" "$@"; }

# pid_alive PID PROGRAM...: PID is a live (not zombie) process running one of the programs;
# a pid read from a stale file may have been reused by anything.
pid_alive() {
  local pid=$1 comm name
  shift
  [[ $pid =~ ^[0-9]+$ ]] && comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $(cat "/proc/$pid/stat" 2>/dev/null) != *") Z "* ]] || return 1
  for name in "$@"; do [ "$comm" = "$name" ] && return 0; done
  return 1
}

# ensure_running LABEL LOG READY_FN PID_FN LAUNCH_FN PROGRAM...: waits until READY_FN succeeds,
# launching the server (at most 3 times) whenever no live PROGRAM holds the pid PID_FN prints.
# Sets LAUNCHES to the number of launches.
ensure_running() {
  local label=$1 log=$2 ready=$3 pid_of=$4 launch=$5 deadline=$((SECONDS + WAIT_SECONDS))
  shift 5
  LAUNCHES=0
  until $ready; do
    if ! pid_alive "$($pid_of)" "$@"; then
      [ $LAUNCHES -lt 3 ] || { tail -n 20 "$log" >&2; die "$label does not start (log: $log)"; }
      LAUNCHES=$((LAUNCHES + 1))
      $launch || sleep 1 # e.g. backends of a killed postmaster still hold its shared memory
    fi
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$log" >&2; die "$label not ready after ${WAIT_SECONDS}s"; }
    sleep 0.2
  done
}

# apt-get that waits while another apt/dpkg holds its locks (apt-get update does not wait by itself).
apt_get() {
  local err deadline=$((SECONDS + 600))
  while ! err=$(apt-get -o DPkg::Lock::Timeout=600 "$@" 2>&1 >/dev/null); do
    if [[ $err != *"Could not get lock"* ]] || [ $SECONDS -ge $deadline ]; then
      echo "$err" >&2
      die "apt-get $* failed"
    fi
    sleep 3
  done
}

install_missing() {
  local missing=() t0
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  [ -n "$(my_bin)" ] || missing+=(mariadb-server)
  [ -x /usr/bin/sqlfluff ] || missing+=(sqlfluff)
  if [ ${#missing[@]} = 0 ]; then return 0; fi
  is_root || die "missing Debian packages: ${missing[*]}. Install them as root:" \
    "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" \
    "(or run this script as root, which installs them)."
  t0=$(now)
  apt_get update -qq
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends "${missing[@]}"
  echo "install: ${missing[*]} in $(since "$t0")"
}

pg_ready() { as_pg "$PG_BIN/pg_isready" -q -h "$PG_RUN" -p "$PG_PORT" -U "$(pg_super)" -d postgres; }
pg_pid() { head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true; }
pg_launch() {
  rm -f "$PG_DATA/postmaster.pid" "$PG_RUN/.s.PGSQL.$PG_PORT" "$PG_RUN/.s.PGSQL.$PG_PORT.lock"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" start >/dev/null 2>&1
}

start_postgres() {
  local t0 state=
  t0=$(now)
  PG_BIN=$(pg_bin)
  if [ -f "$PG_DATA/PG_VERSION" ] && [ "$(cat "$PG_DATA/PG_VERSION")" != "$(basename "$(dirname "$PG_BIN")")" ]; then
    pid_alive "$(pg_pid)" postgres && die "an older PostgreSQL runs on $PG_DATA: run scripts/engines/stop.sh"
    echo "postgres: data directory is from another major version; recreating it"
    rm -rf "$PG_DATA"
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA" "$PG_RUN"
    if is_root; then chown -R postgres:postgres "$DIR/postgres"; fi
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$(pg_super)" -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    # Throwaway test data: durability off for speed.
    cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
timezone = 'UTC'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    state=initialised
  fi
  ensure_running postgres "$PG_LOG" pg_ready pg_pid pg_launch postgres
  if [ "$LAUNCHES" = 0 ]; then
    state="already running"
  else
    state=${state:-started}
    as_pg "$PG_BIN/psql" -q -h "$PG_RUN" -p "$PG_PORT" -U "$(pg_super)" -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE ROLE $NAME LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$NAME') \gexec
ALTER ROLE $NAME LOGIN PASSWORD '$NAME';
SELECT 'CREATE DATABASE $NAME OWNER $NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$NAME') \gexec
SQL
  fi
  echo "postgres $("$PG_BIN/postgres" --version | awk '{print $3}'): $state on 127.0.0.1:$PG_PORT in $(since "$t0")"
}

my_ready() { mariadb-admin --no-defaults -S "$MY_SOCK" -u "$(my_admin_user)" --connect-timeout=2 ping >/dev/null 2>&1; }
my_pid() { cat "$MY_PID" 2>/dev/null || echo "$MY_LAUNCHED"; }
my_launch() {
  local user_opt=()
  if is_root; then user_opt=(--user=mysql); fi
  rm -f "$MY_PID" "$MY_SOCK"
  # setsid + nohup: the server outlives this script and its terminal.
  setsid nohup "$(my_bin)" --no-defaults "${user_opt[@]}" --datadir="$MY_DATA" --socket="$MY_SOCK" \
    --port="$MY_PORT" --bind-address=127.0.0.1 --pid-file="$MY_PID" --log-error="$MY_LOG" \
    --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --default-time-zone=+00:00 --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=64M \
    </dev/null >/dev/null 2>&1 &
  MY_LAUNCHED=$! # the server's own pid (setsid does not fork here) until it writes its pid file
}

start_mariadb() {
  local t0 state= user_opt=()
  t0=$(now)
  MY_LAUNCHED=
  if is_root; then user_opt=(--user=mysql); fi
  if [ ! -d "$MY_DATA/mysql" ]; then
    rm -rf "$MY_DATA"
    mkdir -p "$MY_DATA"
    if is_root; then chown -R mysql:mysql "$DIR/mariadb"; fi
    mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$MY_DATA" --skip-test-db \
      --auth-root-authentication-method=socket >"$DIR/mariadb/install.log" 2>&1 ||
      { tail -n 20 "$DIR/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
    state=initialised
  fi
  ensure_running mariadb "$MY_LOG" my_ready my_pid my_launch mariadbd mysqld
  if [ "$LAUNCHES" = 0 ]; then
    state="already running"
  else
    state=${state:-started}
    # `sqlpatterns%` also covers the per-test databases test/support/engines.ts creates.
    my_client <<SQL
CREATE DATABASE IF NOT EXISTS $NAME;
CREATE USER IF NOT EXISTS '$NAME'@'127.0.0.1' IDENTIFIED BY '$NAME';
CREATE USER IF NOT EXISTS '$NAME'@'localhost' IDENTIFIED BY '$NAME';
GRANT ALL PRIVILEGES ON \`$NAME%\`.* TO '$NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$NAME%\`.* TO '$NAME'@'localhost';
SQL
  fi
  load_mariadb_zones
  echo "mariadb $(my_client -N -e 'SELECT VERSION()'): $state on 127.0.0.1:$MY_PORT in $(since "$t0")"
}

# Named session zones (SET time_zone = 'America/Los_Angeles', the DST pass of the tests) need the zone
# tables, which a fresh data directory lacks: load them once from the system's tz database.
load_mariadb_zones() {
  local t0
  [ "$(my_client -N -e 'SELECT COUNT(*) FROM mysql.time_zone_name')" = 0 ] || return 0
  t0=$(now)
  mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | my_client mysql ||
    die "loading the time zone tables into MariaDB failed"
  echo "mariadb: time zone tables loaded in $(since "$t0")"
}

install_missing
mkdir -p "$DIR/postgres" "$DIR/mariadb"
if is_root; then chmod 755 "$DIR"; fi # the postgres and mysql users must reach their directories
start_postgres
start_mariadb
