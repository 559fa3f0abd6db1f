#!/usr/bin/env bash
# Upgrade check: a database migrated by an earlier revision's code, then by this checkout's,
# must end with the schema of a database migrated from scratch by this checkout.
#
#   scripts/check_upgrade.sh REVISION [SERVER]    e.g. scripts/check_upgrade.sh 15b7e1b
#
# SERVER is a PostgreSQL URL without a database (postgres://postgres@127.0.0.1:5432 by
# default); two scratch databases are created there and dropped at the end. Steps:
#  1. REVISION's code (a temporary git worktree) migrates `portal_upgrade_old` from scratch;
#  2. every migration it recorded still exists here (applied names are never renamed or
#     deleted); this checkout lists what it would still apply, applies it, and
#     `migrate --check` then finds nothing left;
#  3. this checkout migrates `portal_upgrade_new` from scratch;
#  4. the two schemas (pg_dump --schema-only; comments, settings and the dump's random
#     \restrict key left out) are equal;
#  5. for information, the schema statements a migration from scratch runs under
#     REVISION's code and under this checkout's, where they differ.
# Exits non-zero on the first failed check.
set -euo pipefail

revision=${1:?usage: scripts/check_upgrade.sh REVISION [SERVER]}
server=${2:-postgres://postgres@127.0.0.1:5432}
root=$(cd "$(dirname "$0")/.." && pwd)
python="$root/.venv/bin/python"
work=$(mktemp -d)
old_db=portal_upgrade_old
new_db=portal_upgrade_new

cleanup() {
  git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true
  for db in "$old_db" "$new_db"; do dropdb --if-exists --maintenance-db="$server/postgres" "$db" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=initiatives_portal.test_settings

# manage.py-like runner that also writes the SQL each migration ran (schema statements
# only: not Django's bookkeeping of migrations, content types and permissions).
cat >"$work/migrate_logged.py" <<'EOF'
import re
import sys

import django

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

BOOKKEEPING = re.compile(r'"?(django_migrations|django_content_type|auth_permission)"?|pg_catalog|information_schema')
statements = []


def log(execute, sql, params, many, context):
    if not BOOKKEEPING.search(sql) and not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE")):
        statements.append(" ".join(sql.split()))
    return execute(sql, params, many, context)


with connection.execute_wrapper(log):
    call_command("migrate", verbosity=0)
with open(sys.argv[1], "w") as out:
    out.write("\n".join(statements) + "\n")
EOF

schema() {
  pg_dump --schema-only --no-owner --no-privileges -d "$server/$1" \
    | grep -v -e '^--' -e '^SET ' -e '^SELECT pg_catalog.set_config' -e '^.restrict ' -e '^.unrestrict ' -e '^$' >"$work/$1.schema"
}

echo "== 1. $revision's code migrates $old_db from scratch"
git -C "$root" worktree add --detach "$work/old" "$revision" >/dev/null 2>&1
for db in "$old_db" "$new_db"; do
  dropdb --if-exists --maintenance-db="$server/postgres" "$db" 2>/dev/null
  createdb --maintenance-db="$server/postgres" "$db"
done
(cd "$work/old" && DATABASE_URL="$server/$old_db" PYTHONPATH="$work/old" "$python" "$work/migrate_logged.py" "$work/old.sql")

echo "== 2. this checkout upgrades it"
export DATABASE_URL="$server/$old_db"
missing=$(cd "$root" && "$python" - <<'EOF'
import django

django.setup()
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

loader = MigrationLoader(connection)
print("\n".join(f"{app}.{name}" for app, name in sorted(loader.applied_migrations) if (app, name) not in loader.disk_migrations))
EOF
)
if [ -n "$missing" ]; then
  echo "FAIL: applied migrations this checkout no longer has:"; echo "$missing"; exit 1
fi
echo "every applied migration is still here"
(cd "$root" && "$python" manage.py migrate --plan | sed 's/^/  /')
(cd "$root" && "$python" manage.py migrate -v0)
(cd "$root" && "$python" manage.py migrate --check) && echo "migrate --check: nothing left to apply"

echo "== 3. this checkout migrates $new_db from scratch"
(cd "$root" && DATABASE_URL="$server/$new_db" PYTHONPATH="$root" "$python" "$work/migrate_logged.py" "$work/new.sql")

echo "== 4. schemas compared"
schema "$old_db"
schema "$new_db"
if ! diff -u "$work/$old_db.schema" "$work/$new_db.schema"; then
  echo "FAIL: the upgraded schema differs from the schema migrated from scratch"; exit 1
fi
echo "identical: $(wc -l <"$work/$new_db.schema") lines of schema"

echo "== 5. schema statements of a migration from scratch ($(wc -l <"$work/old.sql") and $(wc -l <"$work/new.sql")):" \
  "$revision's code (-) and this checkout's (+), where they differ"
differences=$(diff "$work/old.sql" "$work/new.sql" | grep '^[<>]' | sed -e 's/^</  -/' -e 's/^>/  +/' || true)
echo "${differences:-  the same statements}"
echo "OK"
