#!/usr/bin/env bash
# A private PostgreSQL server with logical decoding for the outbox: installs PostgreSQL if it is
# missing, creates the cluster, the roles and the databases. Safe to run again at any time.
# See db/README.md.
set -euo pipefail
umask 022

readonly MIN_MAJOR=13

OUTBOX_PG_HOST="${OUTBOX_PG_HOST:-127.0.0.1}"
OUTBOX_PG_PORT="${OUTBOX_PG_PORT:-55432}"
if [[ $EUID -eq 0 ]]; then
  OUTBOX_PG_DATA="${OUTBOX_PG_DATA:-/var/lib/outbox-postgres/$OUTBOX_PG_PORT}"
else
  OUTBOX_PG_DATA="${OUTBOX_PG_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/outbox-postgres/$OUTBOX_PG_PORT}"
fi
OUTBOX_PG_SOCKET_DIR="${OUTBOX_PG_SOCKET_DIR:-$OUTBOX_PG_DATA/socket}"
# logical for the outbox; replica only for a second server on which tests check that the relay
# refuses to start (CI: OUTBOX_PG_PORT=55433 OUTBOX_PG_WAL_LEVEL=replica db/postgres.sh start)
OUTBOX_PG_WAL_LEVEL="${OUTBOX_PG_WAL_LEVEL:-logical}"
# Development defaults only: production sets real secrets in the environment.
OUTBOX_APP_PASSWORD="${OUTBOX_APP_PASSWORD:-outbox_app}"
OUTBOX_RELAY_PASSWORD="${OUTBOX_RELAY_PASSWORD:-outbox_relay}"
MAIL_RELAY_PASSWORD="${MAIL_RELAY_PASSWORD:-mail_relay}"

# Absolute paths: pg_ctl and psql run from / when we switch to the postgres user.
[[ $OUTBOX_PG_DATA == /* ]] || OUTBOX_PG_DATA="$PWD/$OUTBOX_PG_DATA"
[[ $OUTBOX_PG_SOCKET_DIR == /* ]] || OUTBOX_PG_SOCKET_DIR="$PWD/$OUTBOX_PG_SOCKET_DIR"

# The bootstrap superuser. As root it is the postgres OS user (peer authentication); otherwise the
# socket uses trust, reachable only by the current user because the socket directory is 0700.
readonly SUPERUSER=postgres
PG_BIN=""

log() { printf 'postgres.sh: %s\n' "$*"; }
die() { printf 'postgres.sh: error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $EUID -eq 0 ]]; }

# Runs a command as the OS user that owns the cluster (PostgreSQL refuses to run as root).
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

find_pg_bin() {
  local dir best=""
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] || continue
    if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$dir" | sort -V | tail -n 1) == "$dir" ]]; then
      best="$dir"
    fi
  done
  printf '%s' "$best"
}

install_postgres() {
  command -v apt-get >/dev/null || die "PostgreSQL (>= $MIN_MAJOR) is not installed and apt-get is not available: install it, then run this again."
  log "PostgreSQL not found; installing it with apt-get (its own cluster on 5432 is not used)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
}

# With "installed-only", succeeds without binaries (PG_BIN empty) rather than installing them.
resolve_binaries() {
  PG_BIN="$(find_pg_bin)"
  [[ -z $PG_BIN && ${1:-} == installed-only ]] && return 0
  if [[ -z $PG_BIN ]]; then
    is_root || die "PostgreSQL (>= $MIN_MAJOR) is not installed: install it (Debian/Ubuntu: sudo apt-get install postgresql), then run this again."
    install_postgres
    PG_BIN="$(find_pg_bin)"
    [[ -n $PG_BIN ]] || die "installed the postgresql package but found no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
  fi
  local version major
  version="$("$PG_BIN/pg_ctl" --version)"
  major="$(sed -E 's/^[^0-9]*([0-9]+).*/\1/' <<<"$version")"
  ((major >= MIN_MAJOR)) || die "found $version in $PG_BIN; PostgreSQL >= $MIN_MAJOR is required (for max_slot_wal_keep_size)"
}

ensure_os_user() {
  is_root || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  log "creating the postgres OS user"
  useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
    --shell /usr/sbin/nologin postgres
}

is_initialised() { [[ -f $OUTBOX_PG_DATA/PG_VERSION ]]; }

is_running() { [[ -n $PG_BIN ]] && is_initialised && as_pg "$PG_BIN/pg_ctl" status -D "$OUTBOX_PG_DATA" >/dev/null 2>&1; }

# psql as the superuser over our own socket; extra arguments override the defaults.
superuser_psql() {
  as_pg env PGHOST="$OUTBOX_PG_SOCKET_DIR" PGPORT="$OUTBOX_PG_PORT" PGUSER="$SUPERUSER" \
    PGDATABASE=postgres "$PG_BIN/psql" "$@"
}

initdb_locale() {
  if command -v locale >/dev/null && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    printf 'C.UTF-8'
  else
    printf 'C'
  fi
}

init_cluster() {
  local parent
  parent="$(dirname "$OUTBOX_PG_DATA")"
  mkdir -p "$parent"
  if [[ -d $OUTBOX_PG_DATA ]] && [[ -n $(ls -A "$OUTBOX_PG_DATA") ]]; then
    die "$OUTBOX_PG_DATA exists, is not empty and holds no cluster: remove it or set OUTBOX_PG_DATA"
  fi
  mkdir -p "$OUTBOX_PG_DATA"
  chmod 0700 "$OUTBOX_PG_DATA"
  if is_root; then
    chown postgres:postgres "$OUTBOX_PG_DATA"
    as_pg test -w "$OUTBOX_PG_DATA" || die "the postgres OS user cannot reach $OUTBOX_PG_DATA (check the permissions of $parent)"
  fi

  local local_auth=trust locale
  is_root && local_auth=peer
  locale="$(initdb_locale)"
  log "initialising a cluster in $OUTBOX_PG_DATA (locale $locale)"
  as_pg "$PG_BIN/initdb" -D "$OUTBOX_PG_DATA" --username="$SUPERUSER" \
    --auth-local="$local_auth" --auth-host=scram-sha-256 --encoding=UTF8 --locale="$locale" >/dev/null
  printf "\ninclude = 'outbox.conf'\n" | as_pg tee -a "$OUTBOX_PG_DATA/postgresql.conf" >/dev/null
}

# Writes stdin to a file owned by the cluster's user; succeeds only when the content changed.
write_if_changed() {
  local dest="$1" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [[ -f $dest ]] && cmp -s "$tmp" "$dest"; then
    rm -f "$tmp"
    return 1
  fi
  local owner=()
  if is_root; then owner=(-o postgres -g postgres); fi
  install -m 0600 "${owner[@]}" "$tmp" "$dest" || die "cannot write $dest"
  rm -f "$tmp"
}

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

# Writes outbox.conf and pg_hba.conf; succeeds only when either changed.
write_config() {
  local changed=1 local_auth=trust
  is_root && local_auth=peer
  if write_if_changed "$OUTBOX_PG_DATA/outbox.conf" <<EOF
# Written by db/postgres.sh on every start; edit the script, not this file.
port = $OUTBOX_PG_PORT
listen_addresses = $(sql_literal "$OUTBOX_PG_HOST")
unix_socket_directories = $(sql_literal "$OUTBOX_PG_SOCKET_DIR")
wal_level = $OUTBOX_PG_WAL_LEVEL
max_replication_slots = 32
max_wal_senders = 32
max_connections = 300
# A slot whose consumer died must not fill the disk: past this it is invalidated.
max_slot_wal_keep_size = '4GB'
shared_buffers = '256MB'
wal_sender_timeout = '60s'
password_encryption = 'scram-sha-256'
log_min_messages = warning
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
  then changed=0; fi
  if write_if_changed "$OUTBOX_PG_DATA/pg_hba.conf" <<EOF
# Written by db/postgres.sh on every start; edit the script, not this file.
# Logical replication connections (replication=database) match the 'all' lines;
# no 'replication' line, so no role can take a physical copy of the cluster.
# TYPE  DATABASE     USER          ADDRESS        METHOD
local   all          ${SUPERUSER}      ${local_auth}
host    all          all           127.0.0.1/32   scram-sha-256
EOF
  then changed=0; fi
  return "$changed"
}

check_socket_path() {
  local socket="$OUTBOX_PG_SOCKET_DIR/.s.PGSQL.$OUTBOX_PG_PORT"
  ((${#socket} <= 107)) || die "socket path $socket is longer than 107 bytes: set OUTBOX_PG_SOCKET_DIR to a shorter directory"
  mkdir -p "$OUTBOX_PG_SOCKET_DIR"
  chmod 0700 "$OUTBOX_PG_SOCKET_DIR"
  if is_root; then chown postgres:postgres "$OUTBOX_PG_SOCKET_DIR"; fi
}

fail_with_log() {
  log "$1; last lines of $OUTBOX_PG_DATA/server.log:" >&2
  tail -n 20 "$OUTBOX_PG_DATA/server.log" >&2 || true
  exit 1
}

create_roles_and_databases() {
  superuser_psql -X -q -v ON_ERROR_STOP=1 <<EOF
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['outbox_app', 'outbox_relay', 'mail_relay']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE outbox_app LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD $(sql_literal "$OUTBOX_APP_PASSWORD");
ALTER ROLE outbox_relay LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION NOBYPASSRLS
  PASSWORD $(sql_literal "$OUTBOX_RELAY_PASSWORD");
ALTER ROLE mail_relay LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD $(sql_literal "$MAIL_RELAY_PASSWORD");

SELECT 'CREATE DATABASE outbox_sample OWNER outbox_app'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'outbox_sample') \gexec
SELECT 'CREATE DATABASE mail_relay OWNER mail_relay'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mail_relay') \gexec
ALTER DATABASE outbox_sample OWNER TO outbox_app;
ALTER DATABASE mail_relay OWNER TO mail_relay;
-- Each database is reachable only by its owner, plus the relay for the outbox.
REVOKE ALL ON DATABASE outbox_sample FROM PUBLIC;
GRANT CONNECT ON DATABASE outbox_sample TO outbox_relay;
REVOKE ALL ON DATABASE mail_relay FROM PUBLIC;

-- Before 15 everyone may create in schema public; give it to the database owner as 15 does.
\connect outbox_sample
DO \$\$ BEGIN
  IF current_setting('server_version_num')::int < 150000 THEN
    ALTER SCHEMA public OWNER TO outbox_app;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  END IF;
END \$\$;
\connect mail_relay
DO \$\$ BEGIN
  IF current_setting('server_version_num')::int < 150000 THEN
    ALTER SCHEMA public OWNER TO mail_relay;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  END IF;
END \$\$;
EOF
}

verify_wal_level() {
  local level
  level="$(superuser_psql -X -At -c 'SHOW wal_level')"
  [[ $level == "$OUTBOX_PG_WAL_LEVEL" ]] || die "wal_level is '$level', expected '$OUTBOX_PG_WAL_LEVEL': check $OUTBOX_PG_DATA/outbox.conf and postgresql.auto.conf, then run '$0 stop' and '$0 start'"
}

print_summary() {
  local base="jdbc:postgresql://$OUTBOX_PG_HOST:$OUTBOX_PG_PORT"
  cat <<EOF
PostgreSQL $("$PG_BIN/pg_ctl" --version | sed -E 's/^[^0-9]*([0-9.]+).*/\1/') ready on $OUTBOX_PG_HOST:$OUTBOX_PG_PORT (wal_level=$OUTBOX_PG_WAL_LEVEL), data in $OUTBOX_PG_DATA
  $base/outbox_sample   roles: outbox_app (owner, CREATEDB), outbox_relay (REPLICATION, CONNECT)
  $base/mail_relay      role:  mail_relay (owner)
  superuser shell: bash db/postgres.sh psql
EOF
}

cmd_start() {
  [[ $OUTBOX_PG_WAL_LEVEL == logical || $OUTBOX_PG_WAL_LEVEL == replica ]] \
    || die "OUTBOX_PG_WAL_LEVEL is '$OUTBOX_PG_WAL_LEVEL': use logical (the outbox) or replica (a server the relay must refuse)"
  resolve_binaries
  ensure_os_user
  if ! is_running && "$PG_BIN/pg_isready" -q -h "$OUTBOX_PG_HOST" -p "$OUTBOX_PG_PORT"; then
    die "another server already listens on $OUTBOX_PG_HOST:$OUTBOX_PG_PORT: stop it or set OUTBOX_PG_PORT"
  fi
  is_initialised || init_cluster
  check_socket_path
  local config_changed=false
  if write_config; then config_changed=true; fi

  if is_running; then
    if $config_changed; then
      log "configuration changed; restarting the server in $OUTBOX_PG_DATA"
      as_pg "$PG_BIN/pg_ctl" -D "$OUTBOX_PG_DATA" -m fast -w -t 60 -l "$OUTBOX_PG_DATA/server.log" restart >/dev/null ||
        fail_with_log "restart failed"
    else
      log "already running on port $OUTBOX_PG_PORT ($OUTBOX_PG_DATA)"
    fi
  else
    log "starting the server on port $OUTBOX_PG_PORT ($OUTBOX_PG_DATA)"
    as_pg "$PG_BIN/pg_ctl" -D "$OUTBOX_PG_DATA" -w -t 60 -l "$OUTBOX_PG_DATA/server.log" start >/dev/null ||
      fail_with_log "the server did not start"
  fi
  "$PG_BIN/pg_isready" -q -t 60 -h "$OUTBOX_PG_HOST" -p "$OUTBOX_PG_PORT" ||
    fail_with_log "the server does not accept connections on $OUTBOX_PG_HOST:$OUTBOX_PG_PORT"

  verify_wal_level
  create_roles_and_databases
  print_summary
}

cmd_stop() {
  resolve_binaries installed-only
  if is_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$OUTBOX_PG_DATA" -m fast -w -t 60 stop >/dev/null
    log "stopped the server in $OUTBOX_PG_DATA"
  else
    log "not running ($OUTBOX_PG_DATA)"
  fi
}

cmd_reset() {
  cmd_stop
  if [[ -e $OUTBOX_PG_DATA ]]; then
    # Refuse to delete a directory that is not a cluster: OUTBOX_PG_DATA may point anywhere.
    is_initialised || die "$OUTBOX_PG_DATA holds no cluster (no PG_VERSION); not deleting it"
    log "deleting $OUTBOX_PG_DATA"
    rm -rf -- "$OUTBOX_PG_DATA"
  fi
  cmd_start
}

cmd_status() {
  resolve_binaries installed-only
  if is_running; then
    printf 'running  port=%s  data=%s  wal_level=%s\n' "$OUTBOX_PG_PORT" "$OUTBOX_PG_DATA" \
      "$(superuser_psql -X -At -c 'SHOW wal_level' 2>/dev/null || echo unknown)"
  else
    printf 'stopped  port=%s  data=%s\n' "$OUTBOX_PG_PORT" "$OUTBOX_PG_DATA"
    return 3
  fi
}

cmd_psql() {
  resolve_binaries
  is_running || die "the server in $OUTBOX_PG_DATA is not running: run '$0 start' first"
  superuser_psql "$@"
}

cmd_env() {
  local name
  for name in OUTBOX_PG_HOST OUTBOX_PG_PORT OUTBOX_PG_DATA OUTBOX_APP_PASSWORD OUTBOX_RELAY_PASSWORD MAIL_RELAY_PASSWORD; do
    printf 'export %s=%q\n' "$name" "${!name}"
  done
}

usage() {
  cat <<EOF
usage: $0 [start|stop|restart|reset|status|psql [args]|env]
  start   install PostgreSQL if missing, create and start the cluster, roles and databases (default)
  stop    stop the server (fast shutdown)
  restart stop, then start (sessions are cut, data kept)
  reset   stop, delete the data directory, start afresh
  status  running or not, port, data directory, wal_level (exit 3 when stopped)
  psql    psql as the superuser on this server, e.g. '$0 psql -d outbox_sample'
  env     print export lines for the settings, for: eval "\$($0 env)"
EOF
}

main() {
  local command="${1:-start}"
  (($# == 0)) || shift
  case "$command" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    psql) cmd_psql "$@" ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
