"""The store's reads: rows as dicts, as sqlite-utils gave them (it is no longer imported)."""

from __future__ import annotations

import sqlite3

import pytest

from ita_desktop.core.store.rowquery import Rows


def test_rows_are_dicts_and_duplicate_columns_are_numbered() -> None:
    conn = sqlite3.connect(":memory:")
    rows = Rows(conn)
    conn.execute("CREATE TABLE a (id INTEGER, id_2 TEXT, name TEXT)")
    conn.execute("INSERT INTO a VALUES (1, 'x', 'หนึ่ง')")
    got = list(rows.query("SELECT a.*, b.id, b.id FROM a JOIN a AS b ON a.id = ?", [1]))
    # id_2 is a real column: the duplicates skip it, as sqlite-utils' dedupe_keys does
    assert got == [{"id": 1, "id_2": "x", "name": "หนึ่ง", "id_3": 1, "id_4": 1}]
    assert list(rows.query("SELECT name FROM a WHERE id = :id", {"id": 2})) == []


def test_the_connection_runs_recursive_triggers_and_refuses_rowless_sql() -> None:
    conn = sqlite3.connect(":memory:")
    rows = Rows(conn)
    assert conn.execute("PRAGMA recursive_triggers").fetchone() == (1,)
    with pytest.raises(ValueError):
        rows.query("CREATE TABLE t (x)")
