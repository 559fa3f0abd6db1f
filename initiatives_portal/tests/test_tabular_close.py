"""A file read from a path and refused at its header leaves no reader behind on a closed file."""

import gc
import sys

import pytest

from initiatives_portal.tabular import TableError, read_table


def test_refused_header_of_a_path_leaves_no_error_for_the_garbage_collector(tmp_path, monkeypatch):
    path = tmp_path / "missing-column.csv"
    path.write_text("phase,name\noverall,x\n", encoding="utf-8")
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(TableError):
        read_table(path, required=("phase", "name", "target"))
    gc.collect()
    assert unraisable == []
