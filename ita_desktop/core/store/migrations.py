"""Schema migrations. Each runs in one transaction together with its record in
``schema_migrations``; a database with a version above the newest here is refused.

Never edit a migration that has shipped: add a new one. ``tests/fixtures/schema-v1.sqlite`` is
a database written by version 1 and proves the path from the first schema forward.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ..base.errors import StoreError
from ..report.model import now_iso


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    # executescript() would COMMIT on its own; statements one by one stay in our transaction
    for statement in _V1_SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)


_V1_SQL = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    parent TEXT NOT NULL DEFAULT '',
    fiscal_year INTEGER NOT NULL,
    round_kind TEXT NOT NULL CHECK (round_kind IN ('6m', '12m', 'custom')),
    round_label TEXT,
    round_start TEXT NOT NULL,
    round_end TEXT NOT NULL,
    framework TEXT NOT NULL,
    title TEXT,
    digits TEXT NOT NULL DEFAULT 'thai' CHECK (digits IN ('thai', 'arabic')),
    preparer_name TEXT NOT NULL DEFAULT '',
    preparer_position TEXT NOT NULL DEFAULT '',
    preparer_date TEXT,
    certifier_name TEXT NOT NULL DEFAULT '',
    certifier_position TEXT NOT NULL DEFAULT '',
    certifier_date TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    revision INTEGER NOT NULL DEFAULT 1,
    show_signatures INTEGER NOT NULL DEFAULT 1,
    cover_page INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE report_reopenings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item TEXT,
    label TEXT,
    instrument TEXT NOT NULL,
    indicator INTEGER,
    item_text TEXT NOT NULL DEFAULT '',
    score TEXT,
    issue TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '[]',
    result TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    CHECK (item IS NOT NULL OR label IS NOT NULL)
);
CREATE INDEX entries_report ON entries(report_id, position);
CREATE TABLE photo_blobs (
    sha256 TEXT PRIMARY KEY,
    print_jpeg BLOB NOT NULL,
    thumb_jpeg BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    original_bytes INTEGER NOT NULL DEFAULT 0,
    original_format TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE TABLE entry_photos (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES photo_blobs(sha256),
    position INTEGER NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation BETWEEN 0 AND 3)
);
CREATE INDEX entry_photos_entry ON entry_photos(entry_id, position);
CREATE INDEX entry_photos_blob ON entry_photos(sha256)
"""


def _v2_trash_and_history(conn: sqlite3.Connection) -> None:
    """Deleting a report can be undone until the app closes (``trashed_at``), and a report
    replaced by a newer revision from a package is kept in ``report_history``."""
    conn.execute("ALTER TABLE reports ADD COLUMN trashed_at TEXT")
    conn.execute("""
        CREATE TABLE report_history (
            id INTEGER PRIMARY KEY,
            report_uuid TEXT NOT NULL,
            revision INTEGER NOT NULL,
            replaced_at TEXT NOT NULL,
            data TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX report_history_uuid ON report_history(report_uuid)")


def _v3_history_details(conn: sqlite3.Connection) -> None:
    """Replaced reports can be listed, compared and restored: whose report it was, why and by
    what it was replaced, and the photos it needs (kept while the history row exists)."""
    import json

    conn.execute("ALTER TABLE report_history ADD COLUMN agency TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE report_history ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE report_history ADD COLUMN replaced_by TEXT")  # uuid
    conn.execute("""
        CREATE TABLE report_history_photos (
            history_id INTEGER NOT NULL REFERENCES report_history(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (history_id, sha256)
        )""")
    conn.execute("CREATE INDEX report_history_photos_blob ON report_history_photos(sha256)")
    for history_id, data in conn.execute("SELECT id, data FROM report_history").fetchall():
        try:
            doc = json.loads(data)
            agency = str(doc["report"]["agency"])
            shas = {str(p["sha256"]) for e in doc.get("entries") or [] for p in e["photos"]}
        except (ValueError, KeyError, TypeError):
            continue  # unreadable row: left as it is
        conn.execute("UPDATE report_history SET agency = ? WHERE id = ?", (agency, history_id))
        conn.executemany(
            "INSERT OR IGNORE INTO report_history_photos (history_id, sha256) SELECT ?, sha256 "
            "FROM photo_blobs WHERE sha256 = ?", [(history_id, sha) for sha in sorted(shas)])


def _v4_audit_log(conn: sqlite3.Connection) -> None:
    """The audit trail (see ``store/audit.py``): who changed what, old and new value."""
    from .audit import SCHEMA_SQL

    for statement in SCHEMA_SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _v5_photo_checksums(conn: sqlite3.Connection) -> None:
    """SHA-256 of each stored print and thumbnail JPEG, checked whenever one is read:
    ``sha256`` names the original file, and SQLite's integrity checks never look inside
    blobs, so without these damaged photo bytes went unnoticed into packages."""
    import hashlib

    conn.execute("ALTER TABLE photo_blobs ADD COLUMN print_sha256 TEXT")
    conn.execute("ALTER TABLE photo_blobs ADD COLUMN thumb_sha256 TEXT")
    keys = [r[0] for r in conn.execute("SELECT sha256 FROM photo_blobs")]
    for key in keys:  # one blob at a time: bounded memory
        print_jpeg, thumb_jpeg = conn.execute(
            "SELECT print_jpeg, thumb_jpeg FROM photo_blobs WHERE sha256 = ?", (key,)).fetchone()
        conn.execute("UPDATE photo_blobs SET print_sha256 = ?, thumb_sha256 = ? WHERE sha256 = ?",
                     (hashlib.sha256(print_jpeg).hexdigest(),
                      hashlib.sha256(thumb_jpeg).hexdigest(), key))


def _v6_result_sheet(conn: sqlite3.Connection) -> None:
    """The agency's result sheet: one score per framework item, instrument and overall
    (``kind`` item / instrument / overall; ``code`` is '' for overall), and the report setting
    that prints a summary chart page before the table."""
    conn.execute("""
        CREATE TABLE report_scores (
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('item', 'instrument', 'overall')),
            code TEXT NOT NULL,
            score TEXT NOT NULL,
            PRIMARY KEY (report_id, kind, code)
        )""")
    conn.execute("ALTER TABLE reports ADD COLUMN summary_chart INTEGER NOT NULL DEFAULT 0")


def _v7_consolidation_memory(conn: sqlite3.Connection) -> None:
    """Consolidation remembers: the user's answers on office names (``office_aliases``: a
    name from a package is / is not an expected office) and the package files already
    imported (``package_imports``: content hash and file stat, so a second run skips them);
    an index so reading reports does not read the photos."""
    conn.execute("""
        CREATE TABLE office_aliases (
            alias_key TEXT NOT NULL,
            office_key TEXT NOT NULL,
            alias TEXT NOT NULL,
            office TEXT NOT NULL,
            same INTEGER NOT NULL CHECK (same IN (0, 1)),
            decided_at TEXT NOT NULL,
            PRIMARY KEY (alias_key, office_key)
        )""")
    conn.execute("""
        CREATE TABLE package_imports (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            report_uuid TEXT NOT NULL,
            revision INTEGER NOT NULL,
            agency TEXT NOT NULL,
            fiscal_year INTEGER NOT NULL,
            round_title TEXT NOT NULL,
            imported_at TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX package_imports_path ON package_imports(path, size, mtime_ns)")
    # reading a report joins each photo's width and height; they are stored after the JPEG
    # blobs, so without this covering index SQLite walks every photo's overflow pages (a
    # summary of 1,000 reports read gigabytes)
    conn.execute("CREATE INDEX photo_blobs_size ON photo_blobs(sha256, width, height)")


APPLICATION_ID = 0x49544144  # "ITAD" in the file header (offset 68); see schema_check


def _v8_mark_as_ours(conn: sqlite3.Connection) -> None:
    # the header's application_id says "ITA Desktop" before any table is read (schema_check)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _v9_optional_columns(conn: sqlite3.Connection) -> None:
    """The optional report columns (core/report/optional_columns.py): which ones a report
    prints (a JSON list of keys, print order) and each entry's values ({key: text}). Off by
    default: a report without them is exactly the five-column report."""
    conn.execute("ALTER TABLE reports ADD COLUMN optional_columns TEXT NOT NULL DEFAULT '[]'")
    conn.execute("ALTER TABLE entries ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _v1_initial),
    Migration(2, "trash and report history", _v2_trash_and_history),
    Migration(3, "report history details and its photos", _v3_history_details),
    Migration(4, "audit log", _v4_audit_log),
    Migration(5, "photo checksums", _v5_photo_checksums),
    Migration(6, "result sheet scores and summary chart setting", _v6_result_sheet),
    Migration(7, "consolidation: office aliases and imported packages", _v7_consolidation_memory),
    Migration(8, "file marked as ITA Desktop's (application_id)", _v8_mark_as_ours),
    Migration(9, "optional report columns", _v9_optional_columns),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, *, upto: int = LATEST) -> list[int]:
    """Bring the database forward; return the versions applied. ``conn`` must be in autocommit
    mode (isolation_level None) so each migration is exactly one explicit transaction."""
    conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""")
    version = current_version(conn)
    if version > LATEST:
        raise StoreError(
            f"ฐานข้อมูลนี้สร้างด้วยโปรแกรมรุ่นใหม่กว่า (รุ่นฐานข้อมูล {version}, โปรแกรมนี้รู้จักถึงรุ่น "
            f"{LATEST}) — ปรับปรุงโปรแกรม ITA Desktop เป็นรุ่นล่าสุดก่อนเปิดไฟล์นี้",
            english=f"database schema {version} is newer than this app ({LATEST})")
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= version or migration.version > upto:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(conn)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (?, ?, ?)", (migration.version, migration.name, now_iso()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
