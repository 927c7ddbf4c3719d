#!/usr/bin/env bash
# Start the backing services that Mandi's tests need (PostgreSQL; later
# Redis and NATS) on a Debian machine without systemd (dev boxes and CI).
#
# Usage:
#   scripts/services.sh up [postgres] [redis] [nats]   # default: postgres
#   scripts/services.sh status [postgres] [redis] [nats]  # default: all
#
# `up` is idempotent: a service that already accepts connections is left
# alone; an installed but stopped one is started; a missing one is
# installed from Debian packages when running as root, otherwise the
# script fails naming the packages to install.
#
# stdout is reserved for machine-readable output: when postgres was
# requested, the last (and only) stdout line of `up` is the database URL
# for the tests, so a Makefile can do
#   DATABASE_URL := $(shell scripts/services.sh up)
# Every progress or error message goes to stderr.
#
# `status` prints one line per service on stdout and exits 0 only when
# every listed service accepts connections.
#
# Environment overrides (defaults in brackets):
#   MANDI_PG_HOST [127.0.0.1]  MANDI_PG_PORT [5432]
#   MANDI_PG_USER [postgres]   MANDI_PG_DB [postgres]
#   MANDI_REDIS_HOST [127.0.0.1]  MANDI_REDIS_PORT [6379]
#   MANDI_NATS_HOST [127.0.0.1]   MANDI_NATS_PORT [4222]
#   MANDI_SERVICES_WAIT [30]   seconds to wait for a started service

set -euo pipefail

readonly PROG="services.sh"

readonly PG_HOST="${MANDI_PG_HOST:-127.0.0.1}"
readonly PG_PORT="${MANDI_PG_PORT:-5432}"
readonly PG_USER="${MANDI_PG_USER:-postgres}"
readonly PG_DB="${MANDI_PG_DB:-postgres}"
readonly REDIS_HOST="${MANDI_REDIS_HOST:-127.0.0.1}"
readonly REDIS_PORT="${MANDI_REDIS_PORT:-6379}"
readonly NATS_HOST="${MANDI_NATS_HOST:-127.0.0.1}"
readonly NATS_PORT="${MANDI_NATS_PORT:-4222}"
readonly WAIT_SECS="${MANDI_SERVICES_WAIT:-30}"

# Where the daemons we start ourselves keep state and logs; these are the
# directories the Debian packages create, so logs land where people look.
readonly REDIS_DIR="/var/lib/redis"
readonly REDIS_LOG="/var/log/redis/ci.log"
readonly NATS_STORE="/var/lib/nats-server"
readonly NATS_LOG="/var/log/nats-server.log"

# Marks the pg_hba.conf lines we add, so repeated runs don't stack copies.
readonly PG_HBA_MARKER="# added by Mandi scripts/services.sh: passwordless TCP from loopback for tests"

readonly KNOWN_SERVICES="postgres redis nats"

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  cat <<EOF
usage: scripts/services.sh up [postgres] [redis] [nats]      (default: postgres)
       scripts/services.sh status [postgres] [redis] [nats]  (default: all)
EOF
}

have() { command -v "$1" >/dev/null 2>&1; }

# Plain TCP probe; used where no protocol-aware client exists (NATS) or
# isn't installed. bash's /dev/tcp can block for a long time on a
# filtered port, hence the timeout. Host/port go in as arguments, not
# spliced into the code string.
tcp_open() {
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# -------------------------------------------------------------- PostgreSQL

postgres_endpoint() { printf '%s:%s\n' "$PG_HOST" "$PG_PORT"; }
postgres_package() { printf 'postgresql\n'; }

postgres_ready() {
  if have pg_isready; then
    pg_isready -q -t 2 -h "$PG_HOST" -p "$PG_PORT"
  else
    # A server may run elsewhere (e.g. a container) without local client
    # tools; don't install packages just to find that out.
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

# Installed means we can manage a local server: Debian's wrapper scripts
# plus at least one server binary.
postgres_installed() {
  have pg_ctlcluster && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# Prints "VERSION CLUSTER" of the local cluster configured for PG_PORT,
# nothing if there is none. Matching on the port (not just taking
# `ls /etc/postgresql`) copes with several versions being installed.
pg_find_cluster() {
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'
}

# A fresh `apt-get install postgresql` creates cluster "main"; this covers
# machines where it was dropped or never created (e.g. package installed
# with create_main_cluster=false).
pg_create_cluster() {
  local version
  version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)"
  [[ -n "$version" ]] || die "no PostgreSQL server version found under /usr/lib/postgresql"
  log "postgres: creating cluster $version/main on port $PG_PORT"
  pg_createcluster --port "$PG_PORT" "$version" main >&2 ||
    die "pg_createcluster $version main failed (needs root)"
}

# Debian's default pg_hba.conf asks for scram (TCP) / peer (socket), but
# the test URL has no password. Put trust for loopback at the top, since
# the first matching line wins. Only done when this script starts the
# server, never to a server someone else is running.
pg_ensure_trust() {
  local version="$1" cluster="$2" hba tmp
  hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
  [[ -f "$hba" ]] || die "postgres: $hba not found"
  grep -qxF "$PG_HBA_MARKER" "$hba" && return 0
  [[ -w "$hba" ]] || die "postgres: cannot edit $hba (run as root)"
  log "postgres: adding loopback trust lines to the top of $hba"
  tmp="$(mktemp)"
  {
    printf '%s\n' "$PG_HBA_MARKER" \
      'host all all 127.0.0.1/32 trust' \
      'host all all ::1/128 trust'
    cat "$hba"
  } >"$tmp"
  # Copy the content back rather than mv, so the file keeps its owner
  # (postgres) and mode.
  cat "$tmp" >"$hba"
  rm -f "$tmp"
}

postgres_start() {
  local found version cluster
  found="$(pg_find_cluster)"
  if [[ -z "$found" ]]; then
    if [[ -n "$(pg_lsclusters -h 2>/dev/null)" ]]; then
      die "postgres: no cluster uses port $PG_PORT (see pg_lsclusters); set MANDI_PG_PORT or create one"
    fi
    pg_create_cluster
    found="$(pg_find_cluster)"
    [[ -n "$found" ]] || die "postgres: cluster creation did not produce a cluster on port $PG_PORT"
  fi
  read -r version cluster <<<"$found"
  pg_ensure_trust "$version" "$cluster"
  # --skip-systemctl-redirect: there is no systemd here, so start the
  # postmaster directly. A cluster can be running yet not reachable
  # (e.g. just after a package install, with the old pg_hba.conf); then a
  # reload is enough, and `start` would fail with "already running".
  if pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
    log "postgres: cluster $version/$cluster is running; reloading its config"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload >&2 ||
      die "postgres: reload of $version/$cluster failed"
  else
    log "postgres: starting cluster $version/$cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2 ||
      die "postgres: could not start $version/$cluster (needs root); see /var/log/postgresql/postgresql-$version-$cluster.log"
  fi
}

postgres_log_hint() { printf 'see /var/log/postgresql/ and pg_lsclusters\n'; }

# Accepting connections is not enough: the tests log in without a
# password, so prove that works now rather than as a confusing test error.
postgres_check_login() {
  if ! have psql; then
    log "postgres: psql not installed; skipping the login check"
    return 0
  fi
  PGCONNECT_TIMEOUT=5 psql -X -w -q -tA -h "$PG_HOST" -p "$PG_PORT" \
    -U "$PG_USER" -d "$PG_DB" -c 'SELECT 1' >/dev/null ||
    die "postgres at $PG_HOST:$PG_PORT: passwordless login as $PG_USER to database $PG_DB failed (psql's reason above); for a password/authentication error add 'host all all 127.0.0.1/32 trust' at the top of the server's pg_hba.conf and reload"
}

postgres_url() {
  local host="$PG_HOST"
  if [[ "$host" == *:* ]]; then host="[$host]"; fi # IPv6 literal in a URL
  printf 'postgresql+asyncpg://%s@%s:%s/%s\n' "$PG_USER" "$host" "$PG_PORT" "$PG_DB"
}

# ------------------------------------------------------------------- Redis

redis_endpoint() { printf '%s:%s\n' "$REDIS_HOST" "$REDIS_PORT"; }
redis_package() { printf 'redis-server\n'; }
redis_installed() { have redis-server; }

redis_ready() {
  if have redis-cli; then
    # PONG, not just an open port: a loading or auth-protected server
    # would accept TCP but fail the tests.
    [[ "$(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
  else
    tcp_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}

# Test-only instance: no RDB snapshots or AOF, so nothing persists between
# runs and nothing is written on shutdown. "-::1" binds IPv6 loopback if
# available without failing where it isn't.
redis_start() {
  mkdir -p "$REDIS_DIR" "$(dirname "$REDIS_LOG")" ||
    die "redis: cannot create $REDIS_DIR or $(dirname "$REDIS_LOG") (run as root)"
  log "redis: starting redis-server on $REDIS_HOST:$REDIS_PORT"
  redis-server --daemonize yes --bind "$REDIS_HOST" -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --dir "$REDIS_DIR" --logfile "$REDIS_LOG" >&2 ||
    die "redis: redis-server failed to start; see $REDIS_LOG"
}

redis_log_hint() { printf 'see %s\n' "$REDIS_LOG"; }

# -------------------------------------------------------------------- NATS

nats_endpoint() { printf '%s:%s\n' "$NATS_HOST" "$NATS_PORT"; }
nats_package() { printf 'nats-server\n'; }

# /usr/sbin is not on a normal user's PATH, so look there explicitly.
nats_bin() {
  if [[ -x /usr/sbin/nats-server ]]; then
    printf '/usr/sbin/nats-server\n'
  else
    command -v nats-server
  fi
}

nats_installed() { nats_bin >/dev/null 2>&1; }

# nats-server has no CLI ping in Debian's package; an accepted TCP
# connection means the server finished starting (it listens last).
nats_ready() { tcp_open "$NATS_HOST" "$NATS_PORT"; }

# nats-server has no daemon mode; start-stop-daemon backgrounds it and
# detaches it from this shell, so it survives the script (and CI steps).
nats_start() {
  local bin
  bin="$(nats_bin)"
  mkdir -p "$NATS_STORE" || die "nats: cannot create $NATS_STORE (run as root)"
  log "nats: starting nats-server with JetStream on $NATS_HOST:$NATS_PORT"
  start-stop-daemon --start --oknodo --background --exec "$bin" -- \
    -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$NATS_STORE" -l "$NATS_LOG" >&2 ||
    die "nats: start-stop-daemon failed to start $bin"
}

# --oknodo also "succeeds" when a nats-server on another port is running.
nats_log_hint() { printf 'see %s; another nats-server may already run on a different port\n' "$NATS_LOG"; }

# ------------------------------------------------------------------ Common

# Poll instead of sleeping a fixed time: fast when the service is quick,
# bounded when it never comes up.
wait_ready() {
  local svc="$1" deadline=$((SECONDS + WAIT_SECS))
  until "${svc}_ready"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Installs everything missing in one apt run, so `apt-get update` happens
# once and dpkg is locked once. Services that already answer are skipped
# even if not installed locally (they may run elsewhere).
install_missing() {
  local svc pkgs=()
  for svc in "$@"; do
    "${svc}_ready" && continue
    "${svc}_installed" || pkgs+=("$("${svc}_package")")
  done
  ((${#pkgs[@]} > 0)) || return 0
  if ((EUID != 0)); then
    die "not installed: ${pkgs[*]}; install with 'apt-get install -y --no-install-recommends ${pkgs[*]}' as root, or rerun this script as root"
  fi
  log "installing ${pkgs[*]} from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2 || die "apt-get update failed"
  apt-get install -y --no-install-recommends "${pkgs[@]}" >&2 ||
    die "apt-get install ${pkgs[*]} failed"
}

# A package's maintainer script may already have started the service, so
# check again before starting it ourselves.
ensure_up() {
  local svc="$1" endpoint
  endpoint="$("${svc}_endpoint")"
  if "${svc}_ready"; then
    log "$svc: already accepting connections on $endpoint"
    return 0
  fi
  "${svc}_installed" || die "$svc: not installed; install $("${svc}_package")"
  "${svc}_start"
  wait_ready "$svc" ||
    die "$svc: not accepting connections on $endpoint after ${WAIT_SECS}s; $("${svc}_log_hint")"
  log "$svc: ready on $endpoint"
}

# Validates names so a typo fails loudly instead of silently doing nothing.
check_services() {
  local svc
  for svc in "$@"; do
    case " $KNOWN_SERVICES " in
      *" $svc "*) ;;
      *)
        usage >&2
        die "unknown service '$svc' (known: $KNOWN_SERVICES)"
        ;;
    esac
  done
}

cmd_up() {
  local svc want_pg=0
  (($# > 0)) || set -- postgres
  check_services "$@"
  # Keep the real stdout on fd 3 for the URL and send everything else,
  # including anything the tools we run print, to stderr.
  exec 3>&1 1>&2
  install_missing "$@"
  for svc in "$@"; do
    ensure_up "$svc"
    if [[ "$svc" == postgres ]]; then want_pg=1; fi
  done
  if ((want_pg)); then
    postgres_check_login
    postgres_url >&3
  fi
}

cmd_status() {
  local svc state rc=0
  # shellcheck disable=SC2086 # word splitting of the default list is intended
  (($# > 0)) || set -- $KNOWN_SERVICES
  check_services "$@"
  for svc in "$@"; do
    if "${svc}_ready"; then
      state="up"
    elif "${svc}_installed"; then
      state="down (installed)"
      rc=1
    else
      state="down (not installed: $("${svc}_package"))"
      rc=1
    fi
    printf '%-9s %-22s %s\n' "$svc" "$("${svc}_endpoint")" "$state"
  done
  return "$rc"
}

main() {
  local cmd="${1:-}"
  if (($# > 0)); then shift; fi
  case "$cmd" in
    up) cmd_up "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
