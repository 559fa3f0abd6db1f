#!/usr/bin/env bash
# The load test against the running stack (`make stack`), in the stack's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
. stack/env.sh
exec "$STACK_ROOT/.venv/bin/python" -m loadtest "$@"
