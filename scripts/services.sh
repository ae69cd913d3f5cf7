#!/usr/bin/env bash
# Starts the local servers the store tests and benchmarks use, and waits until they answer:
# PostgreSQL (127.0.0.1:5432, trust auth, database `test`) and ClickHouse (HTTP on
# 127.0.0.1:8123), installing ClickHouse from Debian's packages when it is missing.
# Idempotent and fast when both already run.
# Usage: scripts/services.sh [postgres] [clickhouse]   (start; both when none is named)
#        scripts/services.sh stop clickhouse           (stop it and wait until it is down; tests)
set -euo pipefail

ACTION=start
if [ "${1:-}" = stop ]; then
  ACTION=stop
  shift
fi
SERVICES=("$@")
[ ${#SERVICES[@]} -eq 0 ] && SERVICES=(postgres clickhouse)

CLICKHOUSE_PID_FILE=/var/run/clickhouse-server/clickhouse-server.pid

log() { echo "services: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local tries=$((seconds * 5))
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$what did not answer within ${seconds}s"
  return 1
}

postgres_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }

start_postgres() {
  if postgres_ready; then return 0; fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL 60 postgres_ready
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 ||
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE test' >/dev/null
}

clickhouse_ready() { curl -fs --max-time 2 http://127.0.0.1:8123/ping | grep -q Ok; }

install_clickhouse() {
  if command -v clickhouse-server >/dev/null 2>&1; then return 0; fi
  log "installing clickhouse-server and clickhouse-client"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null
}

# Debian's package may listen on ::1 only, or on every address; the tests want 127.0.0.1:8123.
configure_clickhouse() {
  local config=/etc/clickhouse-server/config.d/auth-ingest-listen.xml
  [ -f "$config" ] && return 0
  as_root mkdir -p /etc/clickhouse-server/config.d
  as_root tee "$config" >/dev/null <<'XML'
<?xml version="1.0"?>
<yandex>
    <listen_host replace="replace">127.0.0.1</listen_host>
    <http_port>8123</http_port>
</yandex>
XML
}

start_clickhouse() {
  if clickhouse_ready; then return 0; fi
  install_clickhouse
  configure_clickhouse
  log "starting ClickHouse"
  as_root mkdir -p /var/run/clickhouse-server /var/log/clickhouse-server /var/lib/clickhouse
  as_root chown -R clickhouse:clickhouse /var/run/clickhouse-server /var/log/clickhouse-server /var/lib/clickhouse
  as_root su -s /bin/sh clickhouse -c \
    "cd /var/lib/clickhouse && clickhouse-server --daemon --pid-file=$CLICKHOUSE_PID_FILE --config-file=/etc/clickhouse-server/config.xml" ||
    true
  wait_for ClickHouse 60 clickhouse_ready
}

# Waits until the process has exited, not only until the port closes: a server still shutting
# down holds its pid file and data directory, and a new one started then would fail.
stop_clickhouse() {
  local pid
  pid=$(cat "$CLICKHOUSE_PID_FILE" 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    clickhouse_ready && log "ClickHouse answers but $CLICKHOUSE_PID_FILE names no running process" && return 1
    return 0
  fi
  as_root kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "ClickHouse did not stop within 30s"
  return 1
}

for service in "${SERVICES[@]}"; do
  case "$ACTION:$service" in
    start:postgres) start_postgres ;;
    start:clickhouse) start_clickhouse ;;
    stop:clickhouse) stop_clickhouse ;;
    *)
      log "cannot $ACTION $service (start: postgres, clickhouse; stop: clickhouse)"
      exit 2
      ;;
  esac
done
