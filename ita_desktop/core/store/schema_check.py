"""Is a database file's schema the one ITA Desktop made? (issue 21: a copy of a real database
with a trigger that sets every score to 100 and wipes the audit trail ran silently.)

Ours are marked with ``PRAGMA application_id`` (at creation and by migration 8); files from
before the mark are recognised by their ``schema_migrations`` table and their tables. The
file's ``sqlite_master`` is then compared with what this version's migrations create for the
file's schema version (built once per version in memory): a table, index, view or trigger
that our migrations do not create, or one whose SQL differs, means the file was changed
outside ITA Desktop. Our own audit triggers are TEMP (created per connection), so they never
appear in the file. Everything here only reads.
"""

from __future__ import annotations

import functools
import re
import sqlite3

from .migrations import APPLICATION_ID, migrate

# tables a database of ours has had since migration 1: a file without them is another
# program's, even when it happens to have a table called schema_migrations
_CORE_TABLES = frozenset({"schema_migrations", "reports", "entries"})
_KIND_TH = {"table": "ตาราง", "index": "ดัชนี", "view": "วิว (view)", "trigger": "ทริกเกอร์ (trigger)"}
_SPACES = re.compile(r"\s+")

SchemaObject = tuple[str, str]  # (type, name)


def application_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


def looks_like_ours(conn: sqlite3.Connection) -> bool:
    """Marked as ours, or an unmarked file (from before the mark) with our core tables, or an
    empty file (a database about to be created)."""
    app_id = application_id(conn)
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        return False  # another program marked it as its own
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return not tables or _CORE_TABLES <= tables


def objects(conn: sqlite3.Connection) -> dict[SchemaObject, str]:
    """The file's schema objects (SQLite's own ``sqlite_*`` ones left out) -> normalised SQL."""
    rows = conn.execute("SELECT type, name, sql FROM main.sqlite_master "
                        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    return {(str(kind), str(name)): _SPACES.sub(" ", str(sql or "")).strip()
            for kind, name, sql in rows}


@functools.cache
def expected_objects(version: int) -> dict[SchemaObject, str]:
    """What this version's migrations create up to ``version``, in a scratch in-memory DB."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, upto=version)
        return objects(conn)
    finally:
        conn.close()


def problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """Schema objects the file should not have, or has changed, or lacks (Thai, one each)."""
    expected = expected_objects(version)
    found = objects(conn)
    out = []
    for key, sql in sorted(found.items()):
        kind, name = key
        what = f"{_KIND_TH.get(kind, kind)} “{name[:60]}”"
        if key not in expected:
            out.append(f"{what} ไม่ได้สร้างโดย ITA Desktop")
        elif expected[key] != sql:
            out.append(f"{what} ถูกแก้ไขนอกโปรแกรม ITA Desktop")
    out += [f"{_KIND_TH.get(kind, kind)} “{name}” ที่ ITA Desktop สร้างไว้หายไป"
            for kind, name in sorted(set(expected) - set(found))]
    return out
