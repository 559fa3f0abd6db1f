"""Where the checked batches of an import are written: nowhere yet, on the caller's connection, or on a thread.

Most of a large import's time is the database's own: every initiative goes
into a table with many indexes, a generated full-text column and foreign keys. A writer
thread with a connection of its own lets the server do that work on one core while the
caller reads and checks the next batch on the other (the thread waits on the server
without holding the GIL), so an import takes about as long as its writing alone. At most
one batch waits between the two, so memory does not grow with the file.

The writer's connection also holds the single transaction of an "all or nothing"
import, while the caller's connection records progress and errors that the run page
sees at once. A second connection sees nothing the caller has not committed, so inside
the caller's own transaction (a test, an atomic block) the writes stay on its connection.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from .checks import ParsedRow

Write = Callable[[list[ParsedRow]], int]
_COMMIT = object()
_ROLL_BACK = object()


class NoWriter:
    """Writes nothing: the check of a file that is written later, in a second reading."""

    created = 0

    def __enter__(self) -> NoWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def put(self, rows: list[ParsedRow]) -> None:
        pass

    def abandon(self) -> None:
        pass

    def finish(self) -> int:
        return 0


class InlineWriter(NoWriter):
    """Writes each batch at once, in a transaction of its own, on the caller's connection."""

    def __init__(self, write: Write) -> None:
        self.write = write
        self.created = 0

    def put(self, rows: list[ParsedRow]) -> None:
        if rows:
            with transaction.atomic():
                self.created += self.write(rows)

    def finish(self) -> int:
        return self.created


class WriterThread:
    """Writes the batches handed to ``put`` on a thread with a database connection of its own.

    ``prepare`` turns a batch into what ``write`` sends, in the caller's thread: the
    writer thread then does little but wait for the database, which never waits for it.
    With ``one_transaction`` every batch goes into one transaction, committed by
    ``finish`` and rolled back by ``abandon`` (or on leaving the ``with`` block without
    ``finish``); otherwise each batch is committed when written. A failure of the writer
    is raised in the caller's thread by its next ``put`` or by ``finish``. ``created``
    counts the initiatives committed so far.
    """

    def __init__(self, write: Callable[[Any], int], *, prepare: Callable[[list[ParsedRow]], Any] | None = None,
                 one_transaction: bool) -> None:
        self.write = write
        self.prepare = prepare
        self.one_transaction = one_transaction
        self.created = 0
        self._batches: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="initiative-import-writer", daemon=True)

    def __enter__(self) -> WriterThread:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.abandon()

    def put(self, rows: list[ParsedRow]) -> None:
        """Hand a batch to the writer; waits while the writer is a batch behind."""
        self._raise()
        if rows and not self._stopped:
            self._batches.put(self.prepare(rows) if self.prepare is not None else rows)

    def abandon(self) -> None:
        """Write no more; with ``one_transaction`` nothing written is kept. Raises nothing."""
        self._stop(_ROLL_BACK)

    def finish(self) -> int:
        """Write what is left and commit; return the initiatives created."""
        self._stop(_COMMIT)
        self._raise()
        return self.created

    def _stop(self, how: object) -> None:
        if not self._stopped:
            self._stopped = True
            self._batches.put(how)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        told = None
        try:
            if self.one_transaction:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        # A refused row fails its own batch (not the commit, minutes later), and the
                        # server keeps no queue of pending foreign-key checks for the whole file.
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    told, written = self._drain()
                    if told is not _COMMIT:
                        transaction.set_rollback(True)
                if told is _COMMIT:
                    self.created = written
            else:
                told, _written = self._drain()
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            self._error = error
            while told is None:  # take (and drop) what the caller still hands over, until it stops
                item = self._batches.get()
                if item is _COMMIT or item is _ROLL_BACK:
                    told = item
        finally:
            connection.close()  # this thread's own connection

    def _drain(self) -> tuple[object, int]:
        """Write the batches handed over until told to stop; return how it was told and what was written."""
        written = 0
        while True:
            item = self._batches.get()
            if item is _COMMIT or item is _ROLL_BACK:
                return item, written
            if self.one_transaction:
                written += self.write(item)
            else:
                with transaction.atomic():
                    count = self.write(item)
                self.created += count
