"""Packages already imported are skipped: a second consolidation run reads only new or
changed files.

Each imported file is logged in ``package_imports`` with the SHA-256 of its bytes, its path,
size and modification time, and the report it became. On the next run a file whose path,
size and time are unchanged is skipped without being read; another file (copied, renamed,
touched) is hashed, and skipped when its content is known. Either way only while the report
it became is still in the database at that revision (not deleted, not replaced); otherwise
the file is imported again with every check, as the first time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import now_iso
from ..store import Store
from .importer import ImportOutcome, OnConflict, import_package_file

_LOGGED = ("imported", "replaced", "unchanged")


def import_file_once(store: Store, path: str | Path, on_conflict: OnConflict = "ask"
                     ) -> ImportOutcome:
    """``import_package_file``, unless this very content was imported before."""
    path = Path(path)
    try:
        stat = path.stat()
        where = str(path.resolve())
    except OSError:
        return import_package_file(store, path, on_conflict)  # it says what is wrong
    signature = (where, stat.st_size, stat.st_mtime_ns)
    known = _known(store, "p.path = ? AND p.size = ? AND p.mtime_ns = ?", signature)
    if known is not None:
        return known
    try:
        with path.open("rb") as stream:
            sha = hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return import_package_file(store, path, on_conflict)
    known = _known(store, "p.sha256 = ?", (sha,))
    if known is not None:  # same bytes under another name or time: remember where it is now
        with store.transaction():
            store.conn.execute("UPDATE package_imports SET path = ?, size = ?, mtime_ns = ? "
                               "WHERE sha256 = ?", (*signature, sha))
        return known
    outcome = import_package_file(store, path, on_conflict)
    if outcome.status in _LOGGED and outcome.report_id is not None:
        try:
            unchanged = path.stat().st_mtime_ns == stat.st_mtime_ns
        except OSError:
            unchanged = False
        if unchanged:  # the file was not replaced while it was being imported
            _log(store, sha, signature, outcome)
    return outcome


def _known(store: Store, where: str, args: tuple[object, ...]) -> ImportOutcome | None:
    row = store.conn.execute(
        "SELECT r.id, p.report_uuid, p.agency, p.fiscal_year, p.round_title, p.revision "
        "FROM package_imports p JOIN reports r ON r.uuid = p.report_uuid "
        f"AND r.revision = p.revision AND r.trashed_at IS NULL WHERE {where} LIMIT 1",
        args).fetchone()
    if row is None:
        return None
    report_id, uuid, agency, year, round_title, revision = row
    return ImportOutcome("unchanged", f"รายงานของ{agency} ฉบับนี้นำเข้าไว้แล้ว — ไฟล์ไม่เปลี่ยนแปลง"
                         "ตั้งแต่นำเข้าครั้งก่อน", report_id, uuid, agency, year, round_title,
                         revision)


def _log(store: Store, sha: str, signature: tuple[str, int, int], outcome: ImportOutcome
         ) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO package_imports (sha256, path, size, mtime_ns, report_uuid, "
            "revision, agency, fiscal_year, round_title, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha, *signature, outcome.uuid, outcome.revision, outcome.agency,
             outcome.fiscal_year, outcome.round_title, now_iso()))
