#!/usr/bin/env bash
# `make stack`: the portal as a deployment runs it, on this machine. PostgreSQL and Redis
# (started if down, never restarted), migrations, collectstatic, then gunicorn, a Celery
# worker and Celery beat in the background, each with its pid and log under var/stack/.
# Idempotent: a process already running is left alone. Returns once /healthz answers.
set -euo pipefail
cd "$(dirname "$0")/.."
. stack/env.sh
BIN="$STACK_ROOT/.venv/bin"
WEB_WORKERS="${STACK_WEB_WORKERS:-4}"
HEALTH_WAIT_SECONDS=60

# DATABASE_CREATED=1 when this run created the database (its ids are then moved past a
# million after the migrations, as in the test databases).
DATABASE_CREATED=0
database_create() {
  local name="${DATABASE_URL##*/}" server="${DATABASE_URL%/*}/postgres"
  if [ -z "$(psql "$server" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    psql "$server" -q -c "CREATE DATABASE \"$name\""
    DATABASE_CREATED=1
  fi
}

# The pid in var/stack/NAME.pid, if that process is alive and is still ours.
running_pid() {
  local pidfile="$STACK_VAR/$1.pid" pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

# Start a long-running process in its own session, detached from the terminal and from
# make, appending its output to var/stack/NAME.log. The process writes its own pid.
process_start() {
  local name="$1" marker="$2"
  shift 2
  if pid=$(running_pid "$name" "$marker"); then
    echo "$name already running (pid $pid)"
    return
  fi
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$STACK_VAR/$name.pid" "$@" \
    >>"$STACK_VAR/$name.log" 2>&1 </dev/null &
  for _ in $(seq 1 50); do [ -s "$STACK_VAR/$name.pid" ] && break; sleep 0.1; done
  echo "$name started (pid $(cat "$STACK_VAR/$name.pid"), log var/stack/$name.log)"
}

# collectstatic compresses every asset again (a minute on a busy machine): only when the
# project's assets or the pinned packages (Django admin's assets) changed since the last run.
static_collect() {
  local stamp="$STACK_VAR/static.stamp"
  if [ -e "$stamp" ] && [ -z "$(find static requirements.txt -newer "$stamp" -type f -print -quit)" ]; then
    echo "static files unchanged"
    return
  fi
  "$BIN/python" manage.py collectstatic --noinput -v 0
  touch "$stamp"
}

health_wait() {
  for _ in $(seq 1 "$HEALTH_WAIT_SECONDS"); do
    if ! running_pid web gunicorn >/dev/null; then
      echo "gunicorn exited; see var/stack/web.log" >&2
      tail -n 20 "$STACK_VAR/web.log" >&2
      return 1
    fi
    if curl -fsS --max-time 2 "$STACK_URL/healthz" 2>/dev/null; then
      echo
      return 0
    fi
    sleep 1
  done
  echo "$STACK_URL/healthz did not answer within $HEALTH_WAIT_SECONDS s" >&2
  return 1
}

echo "== services"
scripts/services.sh
database_create
mkdir -p "$MEDIA_ROOT" "$STATIC_ROOT"

echo "== migrate, collectstatic"
"$BIN/python" manage.py migrate --noinput
# A new database hands out ids past 1.000.000, each table in its own block, so the load
# test meets real-sized ids (never re-run on a database that holds data).
if [ "$DATABASE_CREATED" = 1 ]; then
  "$BIN/python" manage.py start_ids_past_a_million
fi
static_collect

echo "== processes"
if ! running_pid web gunicorn >/dev/null \
    && (exec 3<>"/dev/tcp/127.0.0.1/$STACK_PORT") 2>/dev/null; then
  echo "port $STACK_PORT is taken by another program; set STACK_PORT" >&2
  exit 1
fi
process_start web gunicorn "$BIN/gunicorn" initiatives_portal.wsgi --workers "$WEB_WORKERS" \
  --bind "127.0.0.1:$STACK_PORT" --timeout 30 --access-logfile - --error-logfile -
process_start worker "celery.*worker" "$BIN/celery" -A initiatives_portal worker --loglevel INFO \
  --concurrency 2 --hostname "stack-worker@%h"
process_start beat "celery.*beat" "$BIN/celery" -A initiatives_portal beat --loglevel INFO \
  --schedule "$STACK_VAR/celerybeat-schedule"

echo "== waiting for $STACK_URL/healthz"
health_wait
echo "stack up: $STACK_URL (stop it with make stack-stop)"
