"""Is a database file sound? Checked without writing a byte to it.

* ``inspect_file`` runs on every open, on a read-only connection, before the store switches the
  file to WAL or migrates it: the SQLite header, that the file is ours, and ``PRAGMA
  quick_check``. Another program's database or a damaged one is therefore left exactly as it was.
* ``full_check`` (``ita check --full``, and every backup before it is trusted) adds the slow
  ``PRAGMA integrity_check``, foreign keys, and every stored photo against its SHA-256:
  SQLite's own checks do not read inside blobs, so damaged photo bytes pass them.

Problems are plain strings naming what is damaged (a table, a photo and the report using it).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import urllib.parse
from pathlib import Path

from ..base.errors import StoreError
from . import schema_check
from .migrations import LATEST, current_version

SQLITE_MAGIC = b"SQLite format 3\x00"
_QUICK_LIMIT = 20  # problems listed; one damaged page can produce hundreds of lines


class DamagedDatabaseError(StoreError):
    """The database failed its integrity check; nothing was written to it."""

    def __init__(self, path: Path | None, problems: list[str]):
        self.path = path
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f" (และอีก {len(problems) - 5})"
                                           if len(problems) > 5 else "")
        super().__init__(
            "ฐานข้อมูลเสียหาย โปรแกรมจึงไม่เขียนอะไรลงไฟล์นี้ — กู้คืนจากสำเนาสำรองล่าสุด "
            f"(ita backup list แล้ว ita backup restore) หรือเปิดแบบอ่านอย่างเดียว: {shown}",
            where=str(path) if path else None,
            english="the database is damaged and was not written to; restore the newest good "
                    f"backup (ita backup list / ita backup restore): {shown}")


class NotOursError(StoreError):
    """A SQLite file of another program."""


def read_only_uri(path: Path) -> str:
    """SQLite's URI for ``path`` opened read-only. Not ``Path.as_uri()``: for a Windows share
    that gives ``file://server/share/…`` and SQLite refuses any authority but localhost."""
    posix = path.resolve().as_posix()
    quoted = urllib.parse.quote(posix, safe="/:")
    if posix.startswith("//"):  # \\server\share\…: an empty authority, then the UNC path
        return f"file://{quoted}?mode=ro"
    if re.match(r"^[A-Za-z]:", posix):  # C:/…
        return f"file:///{quoted}?mode=ro"
    return f"file:{quoted}?mode=ro"


def connect_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot change the file (not even its journal mode).
    ``immutable``: for a read-only folder or medium, where a WAL file's ``-shm`` cannot be
    made (nobody can be writing there either)."""
    uri = read_only_uri(path) + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=10)
    conn.execute("PRAGMA trusted_schema = OFF")  # no SQL function runs from the file's schema
    return conn


class Findings(list[str]):
    """Problems found in a database file; ``changed_outside`` when some are schema objects
    that ITA Desktop did not make (schema_check), not damage."""

    changed_outside = False


class ChangedOutsideError(DamagedDatabaseError):
    """The file holds a table, view, index or trigger that ITA Desktop did not create."""

    def __init__(self, path: Path | None, problems: list[str]):
        super().__init__(path, problems)
        shown = "; ".join(problems[:5]) + (f" (และอีก {len(problems) - 5})"
                                           if len(problems) > 5 else "")
        StoreError.__init__(
            self, "ไฟล์ฐานข้อมูลนี้ถูกแก้ไขจากภายนอกโปรแกรม ITA Desktop จึงไม่เปิดใช้และไม่เขียนอะไรลงไป "
            "— กู้คืนจากสำเนาสำรองล่าสุด (ita backup list แล้ว ita backup restore) หรือแจ้งผู้ดูแล"
            f"เครื่อง: {shown}", where=str(path) if path else None,
            english="this database file was changed outside ITA Desktop and was not opened or "
                    f"written to; restore the newest good backup: {shown}")


def header_problem(path: Path) -> str | None:
    """What is wrong with the first bytes of a non-empty file, or None."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(100)
    except OSError as exc:
        return f"อ่านไฟล์ไม่ได้ ({exc.strerror or exc})"
    if not head.startswith(SQLITE_MAGIC):
        return "ส่วนหัวของไฟล์ไม่ใช่ฐานข้อมูล SQLite (ไฟล์เสียหรือไม่ใช่ฐานข้อมูล)"
    if len(head) < 100:
        return "ไฟล์สั้นเกินกว่าจะเป็นฐานข้อมูล (ถูกตัดท้าย)"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "ขนาดหน้าในส่วนหัวของไฟล์ผิด (ไฟล์เสียหาย)"
    size = path.stat().st_size
    if size % page_size:
        return f"ขนาดไฟล์ ({size:,} ไบต์) ไม่ลงตัวกับขนาดหน้า (ไฟล์ถูกตัดท้าย)"
    return None


def is_ours(conn: sqlite3.Connection) -> bool:
    return schema_check.looks_like_ours(conn)


def quick_check(conn: sqlite3.Connection) -> list[str]:
    return _pragma_check(conn, f"PRAGMA quick_check({_QUICK_LIMIT})")


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    problems = _pragma_check(conn, f"PRAGMA integrity_check({_QUICK_LIMIT})")
    if not problems:
        try:
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            return [f"SQLite: ตรวจความเชื่อมโยงของข้อมูลไม่ได้ ({exc})"]
        problems += [f"ตาราง {row[0]} แถว {row[1]} อ้างถึง {row[2]} ที่ไม่มีอยู่" for row in bad[:20]]
    return problems


def photo_problems(conn: sqlite3.Connection) -> list[str]:
    """Every stored photo whose bytes no longer match the SHA-256 recorded when it was saved,
    naming the reports that use it."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(photo_blobs)")}
    if "print_sha256" not in columns:
        return []  # a database (or backup) from before checksums: nothing to compare with
    problems = []
    try:
        keys = [r[0] for r in conn.execute("SELECT sha256 FROM photo_blobs")]
        for key in keys:  # one blob at a time: bounded memory however big the database
            row = conn.execute("SELECT print_jpeg, thumb_jpeg, print_sha256, thumb_sha256 "
                               "FROM photo_blobs WHERE sha256 = ?", (key,)).fetchone()
            bad = [kind for kind, blob, want in (("print", row[0], row[2]),
                                                 ("thumb", row[1], row[3]))
                   if want and hashlib.sha256(blob).hexdigest() != want]
            if bad:
                problems.append(f"ภาพ {key[:12]}… ({', '.join(bad)}) เสียหาย"
                                f"{_used_by(conn, key)}")
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        problems.append(f"SQLite: อ่านภาพในฐานข้อมูลไม่ได้ ({exc})")
    return problems


def _used_by(conn: sqlite3.Connection, sha256: str) -> str:
    rows = conn.execute(
        "SELECT DISTINCT r.id, r.agency FROM entry_photos p JOIN entries e ON e.id = p.entry_id "
        "JOIN reports r ON r.id = e.report_id WHERE p.sha256 = ? ORDER BY r.id",
        (sha256,)).fetchall()
    if not rows:
        return " (ไม่มีรายงานใดใช้)"
    return " ใช้ในรายงาน " + ", ".join(f"{r[0]} ({r[1]})" for r in rows)


def full_check(conn: sqlite3.Connection) -> list[str]:
    problems = integrity_check(conn)
    if problems and _unreadable(problems):
        return problems
    return problems + photo_problems(conn)


# Databases this process has open (resolved path -> connections). Their bytes must not be
# read with open(): closing any descriptor of a file drops every POSIX lock the process holds
# on it, SQLite's included, and the other connections then read a database being written
# (SQLITE_IOERR_SHORT_READ in backups made while edits went on). SQLite defers its own closes.
_open_here: dict[str, int] = {}
_open_lock = threading.Lock()


def opened_here(path: Path) -> None:
    with _open_lock:
        key = str(path.resolve())
        _open_here[key] = _open_here.get(key, 0) + 1


def closed_here(path: Path) -> None:
    with _open_lock:
        key = str(path.resolve())
        left = _open_here.get(key, 0) - 1
        if left > 0:
            _open_here[key] = left
        else:
            _open_here.pop(key, None)


def is_open_here(path: Path) -> bool:
    with _open_lock:
        return str(path.resolve()) in _open_here


def inspect_file(path: Path, *, full: bool = False) -> list[str]:
    """Problems of the database file at ``path`` (empty: sound), read-only. Raises
    ``NotOursError`` for another program's SQLite file, and sqlite3's own error when the file
    cannot be read at all for another reason than damage (locked, no permission)."""
    with _open_lock:  # no connection of ours opens it while its bytes are read
        here = str(path.resolve()) in _open_here
        problem = None if here else header_problem(path)
    if problem:
        return [problem]
    sidecars, existed = sidecars_of(path)
    conn = connect_read_only(path)
    try:
        try:
            try:
                ours = is_ours(conn)
            except sqlite3.OperationalError:
                if here or not _read_only_place(path):
                    raise
                conn.close()  # a read-only folder or medium: see connect_read_only
                conn = connect_read_only(path, immutable=True)
                ours = is_ours(conn)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            return [f"SQLite: อ่านสารบัญของฐานข้อมูลไม่ได้ ({exc})"]
        if not ours:
            raise NotOursError("ไฟล์นี้เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่ของ ITA Desktop — "
                               "เลือกไฟล์อื่น (ไฟล์นี้ไม่ถูกแก้ไข)", where=str(path),
                               english="this is another program's database (left unchanged)")
        version = current_version(conn)
        # a newer app's file is refused by migrate with its own message; its schema is unknown
        schema = schema_check.problems(conn, version) if version <= LATEST else []
        found = Findings(schema + (full_check(conn) if full else quick_check(conn)))
        found.changed_outside = bool(schema)
        return found
    finally:
        conn.close()
        if not is_open_here(path):  # never a live database's -wal/-shm
            remove_new_sidecars(sidecars, existed)


def _read_only_place(path: Path) -> bool:
    """The file or its folder cannot be written (a CD, a read-only share or mount)."""
    return not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK) or \
        _mounted_read_only(path)


def _mounted_read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def sidecars_of(path: Path) -> tuple[list[Path], list[bool]]:
    """The ``-wal``/``-shm`` names of ``path`` and whether each exists now."""
    sidecars = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    return sidecars, [p.exists() for p in sidecars]


def remove_new_sidecars(sidecars: list[Path], existed: list[bool]) -> None:
    """A read-only reader of a WAL database creates empty ``-wal``/``-shm`` files; remove the
    ones we created so looking at a file leaves its folder as it was."""
    wal, _shm = sidecars
    if any(existed):
        return
    try:
        if wal.exists() and wal.stat().st_size:
            return
        for sidecar in sidecars:
            sidecar.unlink(missing_ok=True)
    except OSError:
        pass


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB (with extended codes); a busy, locked or unreadable file
    is another matter (see the one-writer and file-access handling)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return not isinstance(exc, sqlite3.OperationalError)
    return code & 0xFF in (11, 26)


def _pragma_check(conn: sqlite3.Connection, sql: str) -> list[str]:
    try:
        rows = [str(r[0]) for r in conn.execute(sql)]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [f"SQLite: {exc}"]
    return [] if rows == ["ok"] else rows


def _unreadable(problems: list[str]) -> bool:
    return any(p.startswith("SQLite:") for p in problems)
