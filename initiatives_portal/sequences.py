"""Ids past a million in a database just created: what the test suite and the load test run on.

A small id hides a whole class of bugs: an id printed as "2.582" by a formatting rule, an
id of one table used where another's was meant, a column or a URL pattern too narrow for
a real one. So every table's ids start in a block of their own: the n-th table (by name)
at n × 1.000.000 + 1, and the ids of two tables never coincide.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections, models, transaction

BLOCK = 1_000_000
_AUTO_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField"}


def _numbered_models() -> list[type[models.Model]]:
    """Models whose primary key the database numbers, each table once."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.pk.get_internal_type() in _AUTO_FIELDS:
            found.setdefault(meta.db_table, model)
    return [found[table] for table in sorted(found)]


def _references(model: type[models.Model]) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that holds ``model``'s primary key."""
    pairs = []
    for other in apps.get_models(include_auto_created=True):
        if not other._meta.managed or other._meta.proxy:
            continue
        for field in other._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is model
                and field.target_field.primary_key
            ):
                pairs.append((other._meta.db_table, field.column))
    return pairs


def ids_start_past_a_million(*, using: str = "default") -> dict[str, int]:
    """Move every table's ids into its own block past 1.000.000; the first id each table will give.

    For a database just migrated (the test database, a fresh load-test database): the rows
    the migrations wrote (content types, permissions, the default fields) are renumbered
    into their table's block, foreign keys that point at them following (the constraints
    are checked at commit). Sequences are only ever raised, so a second run changes nothing
    and no id is handed out twice. The block is also the sequence's START,
    which a flush that resets sequences and a schema-only copy of the database both keep.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    starts = {}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        numbered = [m for m in _numbered_models() if m._meta.db_table in existing]
        for position, model in enumerate(numbered, start=1):
            table, pk = model._meta.db_table, model._meta.pk.column
            base = position * BLOCK
            # Rows below the block (written by migrations) move into it, with what points at them.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(pk)} <= %s", [BLOCK])  # noqa: S608
            if cursor.fetchone()[0]:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {quote(pk)} = {quote(pk)} + %s WHERE {quote(pk)} <= %s",  # noqa: S608
                    [base, BLOCK],
                )
                for other_table, column in _references(model):
                    if other_table in existing:
                        cursor.execute(
                            f"UPDATE {quote(other_table)} SET {quote(column)} = {quote(column)} + %s "  # noqa: S608
                            f"WHERE {quote(column)} <= %s",
                            [base, BLOCK],
                        )
            cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            starts[table] = _sequence_raise(connection, cursor, table, pk, max(base + 1, highest + 1))
    return starts


def _sequence_raise(connection, cursor, table: str, column: str, start: int) -> int:
    """Make the next id of ``table`` at least ``start``; the next id it will give."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
    last_value, is_called = cursor.fetchone()
    following = last_value + 1 if is_called else last_value
    start = max(start, following)
    cursor.execute(f"ALTER SEQUENCE {sequence} START WITH {int(start)} RESTART WITH {int(start)}")
    return start
