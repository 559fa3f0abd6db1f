# The production environment of the stack on this machine, sourced from the project's
# root by stack/*.sh and loadtest/run.sh (POSIX sh).
#
# Production settings (DEBUG off, secure headers, Redis broker, PostgreSQL) except what
# cannot hold on plain HTTP on 127.0.0.1 without a TLS proxy: no HTTPS redirect and
# cookies not marked Secure (a client would never send them back over HTTP).
# Override the database, Redis or port with STACK_DATABASE_URL, STACK_REDIS_URL and
# STACK_PORT; the generic DATABASE_URL and REDIS_URL of a test shell are ignored on purpose.

STACK_ROOT=$(pwd)
STACK_VAR="$STACK_ROOT/var/stack"
STACK_PORT="${STACK_PORT:-8100}"
STACK_URL="http://127.0.0.1:$STACK_PORT"
mkdir -p "$STACK_VAR"

# Generated once and kept, so sessions survive a restart of the stack.
if [ ! -s "$STACK_VAR/secret_key" ]; then
  (umask 077 && "$STACK_ROOT/.venv/bin/python" -c \
    "import secrets; print(secrets.token_urlsafe(50))" >"$STACK_VAR/secret_key")
fi

export DEBUG=false
SECRET_KEY=$(cat "$STACK_VAR/secret_key")
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="${STACK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_stack}"
export REDIS_URL="${STACK_REDIS_URL:-redis://127.0.0.1:6379/14}"
export CONN_MAX_AGE=60
export BEHIND_TLS_PROXY=false
export SECURE_SSL_REDIRECT=false
export SECURE_COOKIES=false
export MEDIA_ROOT="$STACK_VAR/uploads"
export STATIC_ROOT="$STACK_VAR/static"
# No mail server on this machine: notification e-mails are written to worker.log.
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
export STACK_ROOT STACK_VAR STACK_PORT STACK_URL
