"""The SQLite store: reports, entries and photos in one file (one thing to back up and send).

Every change runs in one transaction and returns a ``Change`` saying what it touched, so a
window refreshes only what concerns it. A final report refuses changes until reopened.

Reads go through ``rowquery.Rows`` (rows as dicts); writes use plain SQL inside our own explicit
transactions, so every operation is all or nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..base import paths
from ..base.errors import StoreError
from . import audit, failures, integrity, schema_check
from .entries import EntryTables
from .integrity import DamagedDatabaseError
from .lock import DatabaseInUseError, Holder, WriterLock, holder_of, journal_mode_for
from .migrations import LATEST, current_version, migrate
from .photos import PhotoTables
from .reports import ReportTables
from .rowquery import Rows
from .rows import Change, DamagedPhotoError, ReportSummary

WAIT_SECONDS = 30.0  # how long a write waits for another program's lock (ITA_DESKTOP_DB_WAIT)
_WAIT_SLICE = 0.25  # SQLite busy timeout per attempt; between attempts ``on_wait`` is called


@failures.translating
class Store(ReportTables, EntryTables, PhotoTables):
    """One open database file: opening, closing, transactions and backups here; the tables'
    operations in reports.py, entries.py and photos.py."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self._registered = False  # in integrity's list of databases open in this process
        self.db = Rows(conn)
        self.read_only = False
        self.read_only_reason: failures.StoreFailure | None = None  # why writes are refused
        self.writer_lock: WriterLock | None = None
        self.warnings: list[str] = []  # for the user, e.g. a network drive (store/lock.py)
        self.wait_seconds = float(os.environ.get("ITA_DESKTOP_DB_WAIT", WAIT_SECONDS))
        self.on_wait: Callable[[float], None] | None = None  # called while a lock is awaited

        # set when opened damaged (read-only): the problems found; every write is refused
        self.damage: list[str] | None = None
        # makes a backup before risky operations (see backup.AutoBackup); None: no backups
        self.auto_backup: Callable[[str], object] | None = None
        self._batch_depth = 0
        self._batch_backed_up = False

    # ------------------------------------------------------------------ open / close
    @classmethod
    def open(cls, path: str | Path | None = None, *, writer: bool = False,
             read_only: bool = False, damaged: str = "refuse", check: bool = True) -> Store:
        """Open (creating if needed) the database at ``path`` (default: the user's database).

        ``writer``: take the one-writer lock (store/lock.py) first; raises
        ``DatabaseInUseError`` naming who edits it. The app and the CLI's writing commands
        ask for it; background readers in the same app do not. ``read_only``: open without
        writing anything (another copy edits it, or the file cannot be written).

        An existing file is checked first on a read-only connection (``integrity``), so a
        damaged file or another program's database is not changed at all. A damaged one raises
        ``DamagedDatabaseError``, or with ``damaged="read-only"`` opens read-only with
        ``store.damage`` set (every write refused). ``check=False`` skips the check for a
        second connection to a database this process has just opened and checked (a worker's)."""
        db_path = Path(path) if path is not None else paths.default_db_path()
        memory = str(db_path) == ":memory:"
        if not memory:
            if db_path.is_dir():
                raise StoreError("ที่ระบุเป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล — เลือกไฟล์ .sqlite",
                                 where=str(db_path))
            if read_only:
                return cls._open_read_only(db_path)
            damage = _inspect(db_path) if check else []
            if damage:
                if damaged != "read-only":
                    raise (integrity.ChangedOutsideError if getattr(
                        damage, "changed_outside", False) else DamagedDatabaseError)(db_path, damage)
                return cls._open_damaged(db_path, damage)
            try:
                db_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise failures.classify(exc, db_path) from None
        lock = WriterLock.acquire(db_path) if writer and not memory else None
        if not memory:
            integrity.opened_here(db_path)  # before connecting: see integrity._open_here
        try:
            conn = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False,
                                   timeout=_WAIT_SLICE)
            store = cls(conn, None if memory else db_path)
            store._registered = not memory
            store.writer_lock = lock
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA trusted_schema = OFF")  # no SQL function from the file's schema
            _check_is_ours(conn, db_path)  # before anything is changed in the file
            store._with_wait(lambda: store._set_journal(None if memory else db_path))
            store._with_wait(lambda: migrate(conn))
            audit.install(conn)
        except sqlite3.DatabaseError as exc:
            if lock is not None:
                lock.release()
            if not memory:
                integrity.closed_here(db_path)
            err = failures.classify(exc, db_path)
            if isinstance(err, failures.DamagedDatabaseError):
                raise StoreError(f"เปิดไฟล์ฐานข้อมูลไม่ได้ ({exc}) — ไฟล์อาจไม่ใช่ฐานข้อมูลของ "
                                 "ITA Desktop หรือเสียหาย", where=str(db_path),
                                 english=f"cannot open the database ({exc})") from None
            raise err from None
        except BaseException:
            if lock is not None:
                lock.release()
            if not memory:
                integrity.closed_here(db_path)
            raise
        return store

    @classmethod
    def _open_read_only(cls, db_path: Path) -> Store:
        """Open without writing a byte (no lock file, no journal change, no migration)."""
        if not db_path.exists():
            raise StoreError("ไม่พบไฟล์ฐานข้อมูล — ตรวจชื่อไฟล์และโฟลเดอร์", where=str(db_path),
                             english="the database file does not exist")
        uri = db_path.resolve().as_uri()
        sidecars, existed = integrity.sidecars_of(db_path)
        conn = None
        try:
            try:
                conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None,
                                       check_same_thread=False, timeout=_WAIT_SLICE)
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # a read-only folder or medium: the -shm file of WAL cannot be made there;
                # nobody can be writing to it either, so read it as an immutable file
                if conn is not None:
                    conn.close()
                conn = sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA trusted_schema = OFF")
            _check_is_ours(conn, db_path)
            version = current_version(conn)
            changed = schema_check.problems(conn, version) if version <= LATEST else []
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise failures.classify(exc, db_path) from None
        if changed:
            conn.close()
            if not integrity.is_open_here(db_path):
                integrity.remove_new_sidecars(sidecars, existed)
            raise integrity.ChangedOutsideError(db_path, changed)
        if version != LATEST:
            conn.close()
            raise StoreError("ฐานข้อมูลนี้ต้องปรับรุ่นก่อนใช้ แต่เปิดได้แบบอ่านอย่างเดียว — เปิดจาก"
                             "เครื่องที่แก้ไขฐานข้อมูลนี้อยู่ หรือคัดลอกไฟล์มาไว้ในเครื่องก่อน",
                             where=str(db_path),
                             english=f"schema {version} needs upgrading; cannot read-only")
        store = cls(conn, db_path)
        store.read_only = True
        return store

    def _set_journal(self, path: Path | None) -> None:
        mode, warning = journal_mode_for(path)
        if mode == "wal":
            got = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(got).lower() != "wal":  # the file system refused (no shared memory)
                mode, warning = "delete", None
        if mode != "wal":
            self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = FULL")  # no WAL: fsync every commit
            if warning:
                self.warnings.append(warning)
        else:
            self.conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL

    @property
    def journal_mode(self) -> str:
        return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()

    def holder(self) -> Holder | None:
        """Who else edits this database (for a read-only store), if anyone."""
        return holder_of(self.path) if self.path is not None else None

    @classmethod
    def open_read_only(cls, path: str | Path) -> Store:
        """Read a database (a backup, say) without any chance of changing it."""
        db_path = Path(path)
        try:
            conn = integrity.connect_read_only(db_path)
            conn.execute("PRAGMA query_only = ON")
            if not integrity.is_ours(conn):
                raise StoreError("ไฟล์นี้ไม่ใช่ฐานข้อมูลของ ITA Desktop", where=str(db_path))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"เปิดไฟล์ฐานข้อมูลไม่ได้ ({exc})", where=str(db_path)) from None
        return cls(conn, db_path)

    @classmethod
    def _open_damaged(cls, db_path: Path, damage: list[str]) -> Store:
        try:
            store = cls.open_read_only(db_path)
            store.conn.execute("SELECT COUNT(*) FROM reports").fetchone()
        except (StoreError, sqlite3.DatabaseError):
            raise DamagedDatabaseError(db_path, damage) from None
        store.damage = damage
        return store

    def close(self) -> None:
        if self._registered and self.path is not None:
            self._registered = False
            integrity.closed_here(self.path)
        self.conn.close()
        if self.writer_lock is not None:
            self.writer_lock.release()
            self.writer_lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing unit of work (nested calls join the outer one).

        Waits up to ``wait_seconds`` for another program's lock (``on_wait`` tells the user);
        a failure (disk full, read-only, lock) rolls everything back and raises a
        ``failures.StoreFailure`` with the real cause."""
        if self.conn.in_transaction:
            yield self.conn
            return
        if self.damage is not None:
            raise DamagedDatabaseError(self.path, self.damage)
        if self.read_only:
            raise self.read_only_reason or failures.read_only(self.path)
        try:
            self._with_wait(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as exc:
            raise failures.classify(exc, self.path) from None
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            if failures.is_storage_error(exc):
                raise failures.classify(exc, self.path) from exc
            raise
        try:
            self._with_wait(lambda: self.conn.execute("COMMIT"))
        except sqlite3.Error as exc:
            self._rollback()
            raise failures.classify(exc, self.path) from None

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (a full disk does): ROLLBACK would
        # then fail with "no transaction is active" and hide the real cause
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _with_wait(self, step: Callable[[], object]) -> object:
        """Run ``step``, retrying while another connection holds the lock, up to
        ``wait_seconds``; then the busy error reaches the caller."""
        start = time.monotonic()
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                busy = failures.classify(exc)
                waited = time.monotonic() - start
                if not isinstance(busy, failures.DatabaseBusyError):
                    raise
                if waited >= self.wait_seconds:
                    raise failures.busy(self.path, waited) from None
                if self.on_wait is not None:
                    self.on_wait(waited)
                time.sleep(0.05)


    # ------------------------------------------------------------------ backups
    def backup_before(self, operation: str) -> None:
        """A backup of the current state before a risky ``operation`` (import, finalise,
        reopen, carry, delete, restore), when automatic backups are on. A damaged database
        or a backup that cannot be written refuses the operation (raises)."""
        if self.auto_backup is None or self._batch_backed_up:
            return
        self.auto_backup(operation)
        self._batch_backed_up = self._batch_depth > 0

    @contextmanager
    def one_backup(self) -> Iterator[None]:
        """Inside, only the first ``backup_before`` makes a backup (a batch of packages)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._batch_backed_up = False

    @contextmanager
    def backed_up(self) -> Iterator[None]:
        """The backup before the operation inside has just been made (by a worker thread, on
        a connection of its own, so that the window does not freeze): no ``backup_before``
        inside makes another one."""
        with self.one_backup():
            self._batch_backed_up = True
            yield


def _inspect(db_path: Path) -> list[str]:
    """Problems of an existing, non-empty database file (read-only; see ``integrity``)."""
    try:
        if not db_path.is_file() or db_path.stat().st_size == 0:
            return []
        return integrity.inspect_file(db_path)
    except sqlite3.DatabaseError:
        return []  # locked or unreadable, not damaged: the ordinary open reports it


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a SQLite file of another program rather than adding our tables to it."""
    if not integrity.is_ours(conn):
        raise StoreError("ไฟล์นี้เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่ของ ITA Desktop — เลือกไฟล์อื่น",
                         where=str(path))


__all__ = ["LATEST", "Change", "DamagedPhotoError", "DatabaseInUseError", "ReportSummary",
           "Store"]
