#!/usr/bin/env bash
# Stops the unleash-server that start.sh started (by the pid it recorded), waiting up to 20 s before SIGKILL.
# Leaves PostgreSQL and the database alone: the next start.sh drops and recreates the database.
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
PID_FILE="$DIR/run/unleash.pid"

if [ ! -f "$PID_FILE" ]; then
  echo "[unleash] not running (no $PID_FILE)" >&2
  exit 0
fi
pid="$(cat "$PID_FILE")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[unleash] pid $pid ignored SIGTERM for 20 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "[unleash] stopped pid $pid" >&2
else
  echo "[unleash] pid $pid was not running" >&2
fi
rm -f "$PID_FILE"
