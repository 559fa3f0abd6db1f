#!/usr/bin/env bash
# `make stack-stop`: stop the stack's gunicorn, Celery worker and beat by the pids under
# var/stack/ (a graceful TERM, KILL after 30 s). PostgreSQL and Redis are shared and stay up.
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_VAR="$(pwd)/var/stack"
STOP_WAIT_SECONDS=30

# Stop the process of var/stack/NAME.pid if it is alive and its command line still matches.
process_stop() {
  local name="$1" marker="$2" pidfile="$STACK_VAR/$1.pid" pid
  if [ ! -s "$pidfile" ]; then
    echo "$name not running"
    return
  fi
  pid=$(cat "$pidfile")
  if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$marker"; then
    echo "$name not running (stale pid file)"
    rm -f "$pidfile"
    return
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 $((STOP_WAIT_SECONDS * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name (pid $pid) still running after $STOP_WAIT_SECONDS s: killing it"
    kill -KILL "$pid"
  fi
  rm -f "$pidfile"
  echo "$name stopped (pid $pid)"
}

process_stop beat "celery.*beat"
process_stop worker "celery.*worker"
process_stop web gunicorn
