"""Rows as dicts: the one thing the store took from sqlite-utils.

sqlite-utils cost 0.11–0.25 s of imports at every start (click, dateutil, pluggy and its
plugin scan, its own modules) for ``Database.query``; reads are plain SQL here. Kept from it:
``PRAGMA recursive_triggers=on`` on the connection (the audit triggers run with it), and its
naming of duplicate columns in a row (``id``, ``id_2``, …), so a query reads the same dicts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any


def _unique(names: Iterable[str]) -> list[str]:
    """Later duplicates of a column name get ``_2``, ``_3``… (skipping names in the row)."""
    names = list(names)
    taken = set(names)
    if len(taken) == len(names):
        return names
    seen: set[str] = set()
    out = []
    for name in names:
        if name in seen:
            new, n = name, 2
            while new in seen or new in taken:
                new = f"{name}_{n}"
                n += 1
            name = new
        seen.add(name)
        out.append(name)
    return out


class Rows:
    """Queries on one connection, each row as a dict of column name to value."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers=on;")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
        cursor = self.conn.execute(sql, params if params is not None else ())
        if cursor.description is None:
            raise ValueError("query() is for SQL that returns rows")
        names = _unique(d[0] for d in cursor.description)
        return (dict(zip(names, row, strict=True)) for row in cursor)
