"""``read_ahead``: the chunks of a sheet's rows read in a thread while the file compresses the ones before."""

import itertools
import threading

import pytest

from initiatives_portal.xlsx_stream import ReadAhead, read_ahead


def test_read_ahead_gives_every_chunk_in_order():
    chunks = [(b"<row/>" * n, n) for n in range(1, 50)]

    assert list(read_ahead(iter(chunks))) == chunks


def test_read_ahead_reads_the_chunks_in_another_thread():
    readers = []

    def chunks():
        for n in range(3):
            readers.append(threading.current_thread())
            yield b"x", n

    list(read_ahead(chunks()))

    assert readers and all(reader is not threading.current_thread() for reader in readers)


def test_an_error_while_reading_is_raised_where_the_chunks_are_written():
    def failing():
        yield b"a", 1
        raise ValueError("the server went away")

    chunks = read_ahead(failing())

    assert next(chunks) == (b"a", 1)
    with pytest.raises(ValueError, match="the server went away"):
        next(chunks)


def test_a_writer_that_stops_early_stops_the_reader_before_it_returns():
    read = []
    finished = threading.Event()

    def endless():
        try:
            for n in itertools.count():
                read.append(n)
                yield b"x", n
        finally:
            finished.set()

    chunks = read_ahead(endless(), depth=2)
    next(chunks)
    chunks.close()

    assert finished.is_set()  # the reader ended before close() returned: the cursor is free again
    assert len(read) <= 5


def test_a_reader_starts_reading_before_its_chunks_are_asked_for():
    started = threading.Event()

    def source():
        started.set()
        yield b"x", 1

    reader = ReadAhead(source)

    assert started.wait(timeout=10)  # not a timing: the reader never asked would never set it
    assert list(reader) == [(b"x", 1)]


def test_closing_a_reader_never_read_ends_its_source_in_its_own_thread():
    ended_in = []

    def source():
        try:
            for n in itertools.count():
                yield b"x", n
        finally:
            ended_in.append(threading.current_thread())

    reader = ReadAhead(source, depth=2)
    reader.close()

    assert ended_in and ended_in[0] is not threading.current_thread()
