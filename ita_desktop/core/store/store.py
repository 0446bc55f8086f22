"""The SQLite store: reports, entries and photos in one file (one thing to back up and send).

Every change runs in one transaction and returns a ``Change`` saying what it touched, so a
window refreshes only what concerns it. A final report refuses changes until reopened.

sqlite-utils wraps the connection (WAL, introspection, queries); writes use plain SQL inside our
own explicit transactions, because sqlite-utils' insert helpers commit on their own
(``with conn:``) and would break all-or-nothing operations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from ..base import paths
from ..base.errors import NotFoundError, ReportLockedError, StoreError, ValidationError
from ..framework.catalog import load_framework
from ..photos.intake import ProcessedPhoto, read_photo_file
from ..report.entries import default_position, resolve_entry
from ..report.model import (
    Entry,
    Person,
    PhotoKind,
    PhotoRef,
    ReopenRecord,
    Report,
    Round,
    check_entry_text,
    check_report_fields,
    now_iso,
    parse_score,
)
from ..text.safety import check_text
from . import audit, failures, integrity
from . import scores as _scores
from .integrity import DamagedDatabaseError
from .lock import DatabaseInUseError, Holder, WriterLock, holder_of, journal_mode_for
from .migrations import LATEST, current_version, migrate

WAIT_SECONDS = 30.0  # how long a write waits for another program's lock (ITA_DESKTOP_DB_WAIT)
_WAIT_SLICE = 0.25  # SQLite busy timeout per attempt; between attempts ``on_wait`` is called


@dataclass(frozen=True)
class Change:
    """What an operation changed. ``kind`` is one of: report-created, report-fields,
    report-status, report-deleted, report-restored, entry-added, entry-fields, entry-moved,
    entry-deleted, photos, scores (the result sheet)."""

    kind: str
    report_id: int
    entry_id: int | None = None
    fields: frozenset[str] = frozenset()
    ids: tuple[int, ...] = ()  # e.g. the photo ids added


@dataclass(frozen=True)
class ReportSummary:
    id: int
    uuid: str
    agency: str
    parent: str
    fiscal_year: int
    round: Round
    framework: str
    status: str
    revision: int
    updated_at: str
    entry_count: int
    photo_count: int
    trashed: bool = False


REPORT_FIELDS = frozenset({"agency", "parent", "fiscal_year", "round", "framework", "title",
                           "digits", "preparer", "certifier", "show_signatures", "cover_page",
                           "summary_chart"})
ENTRY_FIELDS = frozenset({"item", "label", "instrument", "indicator", "item_text", "score",
                          "issue", "measures", "result"})

_LOCKED = ("รายงานนี้ยืนยันเป็นฉบับสมบูรณ์แล้ว จึงแก้ไขไม่ได้ — กด “เปิดแก้ไข” และระบุเหตุผลก่อน")


@failures.translating
class Store:
    """One open database file."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self._registered = False  # in integrity's list of databases open in this process
        self.db = sqlite_utils.Database(conn)
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
                    raise DamagedDatabaseError(db_path, damage)
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
            _check_is_ours(conn, db_path)
            version = current_version(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise failures.classify(exc, db_path) from None
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

    def history(self, report_id: int, entry_id: int | None = None) -> list[audit.AuditEvent]:
        """The audit trail of a report (or of one of its entries), oldest first."""
        uuid = self._report_row(report_id)["uuid"]
        return audit.events(self.conn, uuid, entry_id=entry_id)

    # ------------------------------------------------------------------ reading
    def list_reports(self, *, include_trashed: bool = False) -> list[ReportSummary]:
        sql = """
            SELECT r.*,
              (SELECT COUNT(*) FROM entries e WHERE e.report_id = r.id) AS entry_count,
              (SELECT COUNT(*) FROM entry_photos p JOIN entries e ON p.entry_id = e.id
                 WHERE e.report_id = r.id) AS photo_count
            FROM reports r {where} ORDER BY r.updated_at DESC, r.id DESC"""
        where = "" if include_trashed else "WHERE r.trashed_at IS NULL"
        out = []
        for row in self.db.query(sql.format(where=where)):
            out.append(ReportSummary(
                id=row["id"], uuid=row["uuid"], agency=row["agency"], parent=row["parent"],
                fiscal_year=row["fiscal_year"], round=_round_of(row), framework=row["framework"],
                status=row["status"], revision=row["revision"], updated_at=row["updated_at"],
                entry_count=row["entry_count"], photo_count=row["photo_count"],
                trashed=row["trashed_at"] is not None))
        return out

    def get_report(self, report_id: int) -> Report:
        row = self._report_row(report_id)
        report = _report_of(row)
        report.reopen_log = [ReopenRecord(r["at"], r["reason"]) for r in self.db.query(
            "SELECT at, reason FROM report_reopenings WHERE report_id = ? ORDER BY id",
            [report_id])]
        report.entries = self._entries(report_id)
        report.scores = self.get_scores(report_id)
        return report

    def find_report_id(self, uuid: str) -> int | None:
        row = self.conn.execute("SELECT id FROM reports WHERE uuid = ?", (uuid,)).fetchone()
        return int(row[0]) if row else None

    def get_entry(self, entry_id: int) -> Entry:
        row = self._entry_row(entry_id)
        return self._entries(row["report_id"], only=entry_id)[0]

    def report_of_entry(self, entry_id: int) -> int:
        return int(self._entry_row(entry_id)["report_id"])

    def photo_bytes(self, sha256: str, kind: PhotoKind = "print") -> bytes:
        """The stored JPEG, checked against the SHA-256 recorded when it was saved: damaged
        bytes are refused rather than printed or sent to another office."""
        column = "print_jpeg" if kind == "print" else "thumb_jpeg"
        try:
            row = self.conn.execute(f"SELECT {column}, {kind}_sha256 FROM photo_blobs "
                                    "WHERE sha256 = ?", (sha256,)).fetchone()
        except sqlite3.OperationalError:  # a backup from before checksums (read-only)
            row = self.conn.execute(f"SELECT {column}, NULL FROM photo_blobs WHERE sha256 = ?",
                                    (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(f"ไม่พบภาพ {sha256[:12]}… ในฐานข้อมูล", where="photo")
        data = bytes(row[0])
        if row[1] and hashlib.sha256(data).hexdigest() != row[1]:
            raise DamagedPhotoError(
                f"ภาพ {sha256[:12]}… ในฐานข้อมูลเสียหาย (ข้อมูลไม่ตรงกับตอนบันทึก) — กู้คืนรายงาน"
                "จากสำเนาสำรอง (ita backup list / ita backup restore) หรือแนบภาพนี้ใหม่",
                where="photo", english=f"stored photo {sha256[:12]} is damaged (checksum "
                                       "mismatch); restore the report from a backup")
        return data

    def has_photo(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM photo_blobs WHERE sha256 = ?",
                                 (sha256,)).fetchone() is not None

    def photo_info(self, photo_id: int) -> tuple[int, PhotoRef]:
        """(entry id, photo) for an entry photo id."""
        row = self.conn.execute(
            "SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
            "ON b.sha256 = p.sha256 WHERE p.id = ?", (photo_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"ไม่พบภาพหมายเลข {photo_id}", where="photo")
        cols = [d[0] for d in self.conn.execute(
            "SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
            "ON b.sha256 = p.sha256 LIMIT 0").description]
        data = dict(zip(cols, row, strict=True))
        return data["entry_id"], _photo_of(data)

    # ------------------------------------------------------------------ reports
    def create_report(self, report: Report,
                      photos: Mapping[str, ProcessedPhoto] | None = None) -> int:
        """Insert a whole report (entries, photos) in one transaction; return its id.

        Each entry is checked against the report's framework; every photo an entry refers to
        must be in ``photos`` or already stored. Nothing is written if anything is wrong.
        """
        check_report_fields(report)
        framework = load_framework(report.framework)
        entries = [resolve_entry(e, framework) for e in report.entries]
        photos = photos or {}
        for entry in entries:
            for ref in entry.photos:
                if ref.sha256 not in photos and not self.has_photo(ref.sha256):
                    raise ValidationError(f"ไม่พบภาพ {ref.sha256[:12]}… ที่รายการ "
                                          f"{entry.code_label} อ้างถึง", field="photos")
        now = now_iso()
        with self.transaction(), audit.muted(self.conn):
            if self.find_report_id(report.uuid) is not None:
                raise StoreError("มีรายงานนี้ (รหัสเดียวกัน) ในฐานข้อมูลแล้ว", where=report.uuid)
            cur = self.conn.execute(
                f"INSERT INTO reports ({', '.join(_REPORT_COLUMNS)}, created_at, updated_at) "
                f"VALUES ({', '.join('?' * len(_REPORT_COLUMNS))}, ?, ?)",
                [*_report_values(report).values(), report.created_at or now, now])
            report_id = int(cur.lastrowid)
            for record in report.reopen_log:
                self.conn.execute("INSERT INTO report_reopenings (report_id, at, reason) "
                                  "VALUES (?, ?, ?)", (report_id, record.at, record.reason))
            _scores.insert_sheet(self.conn, report_id, report.scores, framework)
            stored: dict[str, str] = {}  # name in the report -> name it is stored under
            for position, entry in enumerate(entries):
                entry_id = self._insert_entry(report_id, entry, position, now)
                for photo_pos, ref in enumerate(entry.photos):
                    if ref.sha256 in photos:
                        if ref.sha256 not in stored:
                            stored[ref.sha256] = self._store_blob(photos[ref.sha256])
                        ref = replace(ref, sha256=stored[ref.sha256])
                    self._insert_photo(entry_id, ref, photo_pos)
            audit.record(self.conn, report_id, "report-created", new=report.agency)
        return report_id

    def update_report(self, report_id: int, **fields: Any) -> Change:
        """Change report-level fields (see REPORT_FIELDS). Validated before anything is saved."""
        unknown = set(fields) - REPORT_FIELDS
        if unknown:
            raise ValueError(f"unknown report fields: {sorted(unknown)}")
        with self.transaction():
            current = self._report_row(report_id)
            self._require_draft(current)
            report = replace(_report_of(current), **fields)
            if isinstance(report.fiscal_year, str):
                from ..text.thai import parse_int
                try:
                    report.fiscal_year = parse_int(report.fiscal_year)
                except ValueError:
                    raise ValidationError(f"ปีงบประมาณ “{fields['fiscal_year']}” ไม่ใช่ตัวเลข "
                                          "— พิมพ์ปี พ.ศ. เช่น 2567", field="fiscal_year") from None
            check_report_fields(report)
            if "framework" in fields:
                load_framework(report.framework)
            values = _report_values(report)
            self.conn.execute(
                f"UPDATE reports SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? "
                "WHERE id = ?", [*values.values(), now_iso(), report_id])
        return Change("report-fields", report_id, fields=frozenset(fields))

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

    def finalise(self, report_id: int) -> Change:
        """Make the report final (read-only). Refused while the finalise check finds errors
        (``core.checks``), whoever asks: the window, the command line or a script."""
        from ..framework.catalog import try_load_framework
        from ..workflow.finalise import check_report

        self.backup_before("finalise")
        with self.transaction():
            row = self._report_row(report_id)
            if row["status"] == "final":
                return Change("report-status", report_id)
            report = self.get_report(report_id)
            errors = [p for p in check_report(report, try_load_framework(report.framework))
                      if p.severity == "error"]
            if errors:
                listed = "; ".join(f"{p.entry_label}: {p.message}" if p.entry_label
                                   else p.message for p in errors[:5])
                more = f" (และอีก {len(errors) - 5} รายการ)" if len(errors) > 5 else ""
                raise ValidationError(f"ยังยืนยันฉบับสมบูรณ์ไม่ได้ ต้องแก้ข้อผิดพลาดก่อน: {listed}{more}",
                                      field="status", english="the finalise check found errors")
            self.conn.execute("UPDATE reports SET status = 'final', updated_at = ? WHERE id = ?",
                              (now_iso(), report_id))
        return Change("report-status", report_id, fields=frozenset({"status"}))

    def reopen(self, report_id: int, reason: str) -> Change:
        """Make a final report editable again; the reason is kept with the report."""
        if not reason or not reason.strip():
            raise ValidationError("ต้องระบุเหตุผลที่เปิดแก้ไขรายงานฉบับสมบูรณ์", field="reason",
                                  english="a reason is required to reopen a final report")
        check_text(reason, "reason")
        self.backup_before("reopen")
        with self.transaction():
            row = self._report_row(report_id)
            if row["status"] != "final":
                raise ValidationError("รายงานนี้ยังเป็นฉบับร่าง แก้ไขได้อยู่แล้ว", field="status")
            now = now_iso()
            self.conn.execute("INSERT INTO report_reopenings (report_id, at, reason) "
                              "VALUES (?, ?, ?)", (report_id, now, reason.strip()))
            self.conn.execute("UPDATE reports SET status = 'draft', revision = revision + 1, "
                              "updated_at = ? WHERE id = ?", (now, report_id))
        return Change("report-status", report_id, fields=frozenset({"status", "revision"}))

    def trash_report(self, report_id: int) -> Change:
        """Hide a report; ``restore_report`` brings it back, ``purge_trash`` deletes for good."""
        self.backup_before("delete")
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("UPDATE reports SET trashed_at = ? WHERE id = ?",
                              (now_iso(), report_id))
        return Change("report-deleted", report_id)

    def restore_report(self, report_id: int) -> Change:
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("UPDATE reports SET trashed_at = NULL WHERE id = ?", (report_id,))
        return Change("report-restored", report_id)

    def purge_trash(self) -> int:
        if self.conn.execute("SELECT 1 FROM reports WHERE trashed_at IS NOT NULL").fetchone():
            self.backup_before("delete")
        with self.transaction():
            count = self.conn.execute(
                "DELETE FROM reports WHERE trashed_at IS NOT NULL").rowcount
            self._drop_unused_blobs()
        return count

    def delete_report(self, report_id: int) -> Change:
        with self.transaction():
            self._report_row(report_id)
            self.conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            self._drop_unused_blobs()
        return Change("report-deleted", report_id)

    # ------------------------------------------------------------------ result sheet
    def get_scores(self, report_id: int):  # -> ScoreSheet (see store/scores.py)
        return _scores.read_sheet(self.conn, report_id)

    def set_scores(self, report_id: int, values: Mapping[tuple[str, str], Any]) -> Change:
        """Set (or, with None, remove) result-sheet scores in one transaction; all checked
        against the report's framework before anything is written."""
        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            keys = _scores.write_values(self.conn, report_id, values,
                                        load_framework(row["framework"]))
            self._touch(report_id)
        return Change("scores", report_id, fields=frozenset(code for _, code in keys))

    def add_below_pass_entries(self, report_id: int) -> Change:
        """One entry (with the item's score and wording) for every item under the pass mark
        that no entry answers yet; ``ids`` are the new entries (none: nothing was missing)."""
        from ..report.below_pass import missing_entries

        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            framework = load_framework(row["framework"])
            ids = []
            for entry in missing_entries(self.get_report(report_id), framework):
                ids.append(int(self.add_entry(report_id, entry).entry_id or 0))
        return Change("entry-added", report_id, ids=tuple(ids))

    # ------------------------------------------------------------------ entries
    def add_entry(self, report_id: int, entry: Entry, position: int | None = None) -> Change:
        """Add an entry (checked against the framework); by default it goes to its place in
        report order. Returns a Change whose ``entry_id`` is the new entry."""
        with self.transaction():
            row = self._report_row(report_id)
            self._require_draft(row)
            entry = resolve_entry(replace(entry, photos=[]), load_framework(row["framework"]))
            check_entry_text(entry)
            existing = self._entries(report_id)
            if position is None:
                position = default_position(existing, entry, load_framework(row["framework"]))
            position = max(0, min(position, len(existing)))
            self.conn.execute("UPDATE entries SET position = position + 1 "
                              "WHERE report_id = ? AND position >= ?", (report_id, position))
            entry_id = self._insert_entry(report_id, entry, position, now_iso())
            self._touch(report_id)
        return Change("entry-added", report_id, entry_id)

    def update_entry(self, entry_id: int, **fields: Any) -> Change:
        """Change fields of an entry (see ENTRY_FIELDS); the score may be typed text."""
        unknown = set(fields) - ENTRY_FIELDS
        if unknown:
            raise ValueError(f"unknown entry fields: {sorted(unknown)}")
        with self.transaction():
            row = self._entry_row(entry_id)
            report = self._report_row(row["report_id"])
            self._require_draft(report)
            entry = self._entries(row["report_id"], only=entry_id)[0]
            if "score" in fields:
                fields["score"] = parse_score(fields["score"])
            if "measures" in fields:
                measures = fields["measures"]
                if isinstance(measures, str) or not all(isinstance(m, str) for m in measures):
                    raise ValidationError("มาตรการต้องเป็นรายการข้อความ", field="measures")
                fields["measures"] = list(measures)
            for key in ("item_text", "issue", "result", "label"):
                if key in fields and fields[key] is not None and not isinstance(fields[key], str):
                    raise ValidationError(f"ช่อง {key} ต้องเป็นข้อความ", field=key)
            changed = replace(entry, **fields)
            if {"item", "label", "instrument", "indicator"} & fields.keys():
                changed = resolve_entry(changed, load_framework(report["framework"]))
            check_entry_text(changed)
            values = _entry_values(changed)
            self.conn.execute(
                f"UPDATE entries SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? "
                "WHERE id = ?", [*values.values(), now_iso(), entry_id])
            self._touch(row["report_id"])
        return Change("entry-fields", row["report_id"], entry_id, frozenset(fields))

    def move_entry(self, entry_id: int, position: int) -> Change:
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM entries WHERE report_id = ? ORDER BY position, id",
                (row["report_id"],))]
            before = ids.index(entry_id)
            ids.remove(entry_id)
            ids.insert(max(0, min(position, len(ids))), entry_id)
            self._renumber("entries", ids)
            audit.record(self.conn, row["report_id"], "entry-moved", entry_id=entry_id,
                         field="position", old=before, new=ids.index(entry_id))
            self._touch(row["report_id"])
        return Change("entry-moved", row["report_id"], entry_id)

    def delete_entry(self, entry_id: int) -> Change:
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM entries WHERE report_id = ? ORDER BY position, id",
                (row["report_id"],))]
            self._renumber("entries", ids)
            self._touch(row["report_id"])
        return Change("entry-deleted", row["report_id"], entry_id)

    # ------------------------------------------------------------------ photos
    def add_photo(self, entry_id: int, photo: ProcessedPhoto, caption: str = "",
                  position: int | None = None) -> Change:
        """Attach a processed photo (see ``photos.process_photo``; do that off the GUI thread).
        The same picture is stored once however often it is attached."""
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            key = self._store_blob(photo)
            ids = self._photo_ids(entry_id)
            position = len(ids) if position is None else max(0, min(position, len(ids)))
            photo_id = self._insert_photo(entry_id, PhotoRef(key, caption), position)
            ids.insert(position, photo_id)
            self._renumber("entry_photos", ids)
            self._touch(row["report_id"])
        return Change("photos", row["report_id"], entry_id, ids=(photo_id,))

    def add_photo_file(self, entry_id: int, path: str | Path, caption: str = "") -> Change:
        return self.add_photo(entry_id, read_photo_file(path), caption)

    def update_photo(self, photo_id: int, *, caption: str | None = None,
                     rotation: int | None = None) -> Change:
        with self.transaction():
            entry_id, _ = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            if caption is not None:
                check_text(caption, "caption")
                self.conn.execute("UPDATE entry_photos SET caption = ? WHERE id = ?",
                                  (caption, photo_id))
            if rotation is not None:
                self.conn.execute("UPDATE entry_photos SET rotation = ? WHERE id = ?",
                                  (rotation % 4, photo_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def move_photo(self, photo_id: int, position: int) -> Change:
        with self.transaction():
            entry_id, ref = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            ids = self._photo_ids(entry_id)
            before = ids.index(photo_id)
            ids.remove(photo_id)
            ids.insert(max(0, min(position, len(ids))), photo_id)
            self._renumber("entry_photos", ids)
            audit.record(self.conn, report_id, "photo-moved", entry_id=entry_id,
                         photo_sha256=ref.sha256, field="position", old=before,
                         new=ids.index(photo_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def remove_photo(self, photo_id: int) -> Change:
        """Detach a photo. Its stored image stays until ``vacuum_photos`` (so undo can re-attach
        it by sha256)."""
        with self.transaction():
            entry_id, _ = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            self.conn.execute("DELETE FROM entry_photos WHERE id = ?", (photo_id,))
            self._renumber("entry_photos", self._photo_ids(entry_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def attach_stored_photo(self, entry_id: int, ref: PhotoRef,
                            position: int | None = None) -> Change:
        """Re-attach an already stored image (undo of a removal, copying between entries)."""
        if not self.has_photo(ref.sha256):
            raise NotFoundError("ภาพนี้ไม่มีในฐานข้อมูลแล้ว", where=ref.sha256[:12])
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            ids = self._photo_ids(entry_id)
            position = len(ids) if position is None else max(0, min(position, len(ids)))
            photo_id = self._insert_photo(entry_id, ref, position)
            ids.insert(position, photo_id)
            self._renumber("entry_photos", ids)
            self._touch(row["report_id"])
        return Change("photos", row["report_id"], entry_id, ids=(photo_id,))

    def vacuum_photos(self) -> int:
        with self.transaction():
            return self._drop_unused_blobs()

    # ------------------------------------------------------------------ internals
    def _report_row(self, report_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM reports WHERE id = ?", [report_id]))
        if not rows:
            raise NotFoundError(f"ไม่พบรายงานหมายเลข {report_id} — ดูรายการด้วยคำสั่ง ita list",
                                where="report", english=f"no report {report_id}")
        return rows[0]

    def _entry_row(self, entry_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM entries WHERE id = ?", [entry_id]))
        if not rows:
            raise NotFoundError(f"ไม่พบรายการหมายเลข {entry_id}", where="entry")
        return rows[0]

    @staticmethod
    def _require_draft(report_row: Mapping[str, Any]) -> None:
        if report_row["status"] == "final":
            raise ReportLockedError(_LOCKED, english="the report is final; reopen it first")

    def _touch(self, report_id: int) -> None:
        self.conn.execute("UPDATE reports SET updated_at = ? WHERE id = ?", (now_iso(), report_id))

    def _entries(self, report_id: int, only: int | None = None) -> list[Entry]:
        where, args = "report_id = ?", [report_id]
        if only is not None:
            where, args = "id = ?", [only]
        entries = [_entry_of(row) for row in self.db.query(
            f"SELECT * FROM entries WHERE {where} ORDER BY position, id", args)]
        by_id = {e.id: e for e in entries}
        if by_id:
            marks = ", ".join("?" * len(by_id))
            for row in self.db.query(
                    # the covering index: width and height without reading the JPEG blobs
                    f"SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
                    f"INDEXED BY photo_blobs_size "
                    f"ON b.sha256 = p.sha256 WHERE p.entry_id IN ({marks}) "
                    f"ORDER BY p.entry_id, p.position, p.id", list(by_id)):
                by_id[row["entry_id"]].photos.append(_photo_of(row))
        return entries

    def _photo_ids(self, entry_id: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM entry_photos WHERE entry_id = ? ORDER BY position, id", (entry_id,))]

    def _renumber(self, table: str, ids: list[int]) -> None:
        self.conn.executemany(f"UPDATE {table} SET position = ? WHERE id = ?",
                              [(pos, id_) for pos, id_ in enumerate(ids)])

    def _insert_entry(self, report_id: int, entry: Entry, position: int, now: str) -> int:
        values = _entry_values(entry)
        cur = self.conn.execute(
            f"INSERT INTO entries (report_id, position, {', '.join(values)}, updated_at) "
            f"VALUES (?, ?, {', '.join('?' * len(values))}, ?)",
            [report_id, position, *values.values(), now])
        return int(cur.lastrowid)

    def _insert_photo(self, entry_id: int, ref: PhotoRef, position: int) -> int:
        cur = self.conn.execute(
            "INSERT INTO entry_photos (entry_id, sha256, position, caption, rotation) "
            "VALUES (?, ?, ?, ?, ?)", (entry_id, ref.sha256, position, ref.caption,
                                       ref.rotation % 4))
        return int(cur.lastrowid)

    def _store_blob(self, photo: ProcessedPhoto) -> str:
        """Store the photo unless the same bytes are stored; return the name (sha256) it is
        stored under. A stored photo is never replaced: when its name is taken by other bytes
        (a package may claim any name), the photo is stored under a name computed here from
        its own bytes (``photo_key``), so no report can be made to show another's picture."""
        key, same = self._photo_slot(photo)
        if same:
            return key  # already stored, byte for byte
        self.conn.execute(
            "INSERT INTO photo_blobs (sha256, print_jpeg, thumb_jpeg, width, height, "
            "original_name, original_bytes, original_format, added_at, print_sha256, "
            "thumb_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, photo.print_jpeg, photo.thumb_jpeg, photo.width, photo.height,
             photo.original_name, photo.original_bytes, photo.original_format, now_iso(),
             hashlib.sha256(photo.print_jpeg).hexdigest(),
             hashlib.sha256(photo.thumb_jpeg).hexdigest()))
        return key

    def stored_photo_name(self, photo: ProcessedPhoto) -> str | None:
        """The name these exact bytes are stored under, or None when they are not stored."""
        key, same = self._photo_slot(photo)
        return key if same else None

    def _photo_slot(self, photo: ProcessedPhoto) -> tuple[str, bool]:
        """(name, already stored byte for byte?): the photo's own name, or when that is taken
        by other bytes the name computed from its bytes."""
        for key in (photo.sha256, photo_key(photo.print_jpeg, photo.thumb_jpeg)):
            row = self.conn.execute("SELECT print_jpeg, thumb_jpeg FROM photo_blobs "
                                    "WHERE sha256 = ?", (key,)).fetchone()
            if row is None:
                return key, False
            if bytes(row[0]) == photo.print_jpeg and bytes(row[1]) == photo.thumb_jpeg:
                return key, True
        # both names taken by other bytes (SHA-256 does not collide): refuse, never mix
        raise StoreError("ภาพในรายงานชนกับภาพอื่นในฐานข้อมูล — ไม่มีการเปลี่ยนแปลงใด ๆ",
                         where=photo.sha256[:12], english="photo name collision")

    def _drop_unused_blobs(self) -> int:
        return self.conn.execute("DELETE FROM photo_blobs WHERE sha256 NOT IN "
                                 "(SELECT sha256 FROM entry_photos) AND sha256 NOT IN "
                                 "(SELECT sha256 FROM report_history_photos)").rowcount


def photo_key(print_jpeg: bytes, thumb_jpeg: bytes) -> str:
    """A photo's name computed from its stored bytes (both JPEGs, each hashed, so no split of
    the bytes between them gives the same name)."""
    digest = hashlib.sha256(b"ita-photo/1\0")
    digest.update(hashlib.sha256(print_jpeg).digest())
    digest.update(hashlib.sha256(thumb_jpeg).digest())
    return digest.hexdigest()


# ---------------------------------------------------------------------- row <-> model
_REPORT_COLUMNS = ("uuid", "agency", "parent", "fiscal_year", "round_kind", "round_label",
                   "round_start", "round_end", "framework", "title", "digits", "preparer_name",
                   "preparer_position", "preparer_date", "certifier_name", "certifier_position",
                   "certifier_date", "status", "revision", "show_signatures", "cover_page",
                   "summary_chart")


def _report_values(report: Report) -> dict[str, Any]:
    values = {
        "uuid": report.uuid, "agency": report.agency, "parent": report.parent,
        "fiscal_year": report.fiscal_year, "round_kind": report.round.kind,
        "round_label": report.round.label, "round_start": report.round.start.isoformat(),
        "round_end": report.round.end.isoformat(), "framework": report.framework,
        "title": report.title, "digits": report.digits,
        "preparer_name": report.preparer.name, "preparer_position": report.preparer.position,
        "preparer_date": _iso(report.preparer.date),
        "certifier_name": report.certifier.name, "certifier_position": report.certifier.position,
        "certifier_date": _iso(report.certifier.date), "status": report.status,
        "revision": report.revision, "show_signatures": int(report.show_signatures),
        "cover_page": int(report.cover_page), "summary_chart": int(report.summary_chart)}
    assert tuple(values) == _REPORT_COLUMNS
    return values


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _round_of(row: Mapping[str, Any]) -> Round:
    return Round(row["round_kind"], dt.date.fromisoformat(row["round_start"]),
                 dt.date.fromisoformat(row["round_end"]), row["round_label"])


def _report_of(row: Mapping[str, Any]) -> Report:
    return Report(
        id=row["id"], uuid=row["uuid"], agency=row["agency"], parent=row["parent"],
        fiscal_year=row["fiscal_year"], round=_round_of(row), framework=row["framework"],
        title=row["title"], digits=row["digits"],
        preparer=Person(row["preparer_name"], row["preparer_position"],
                        _date(row["preparer_date"])),
        certifier=Person(row["certifier_name"], row["certifier_position"],
                         _date(row["certifier_date"])),
        status=row["status"], revision=row["revision"],
        show_signatures=bool(row["show_signatures"]), cover_page=bool(row["cover_page"]),
        summary_chart=bool(row["summary_chart"]),
        created_at=row["created_at"], updated_at=row["updated_at"])


def _entry_values(entry: Entry) -> dict[str, Any]:
    return {"item": entry.item, "label": entry.label, "instrument": entry.instrument,
            "indicator": entry.indicator, "item_text": entry.item_text,
            "score": None if entry.score is None else f"{entry.score:.2f}",
            "issue": entry.issue, "measures": json.dumps(entry.measures, ensure_ascii=False),
            "result": entry.result}


def _entry_of(row: Mapping[str, Any]) -> Entry:
    return Entry(id=row["id"], position=row["position"], item=row["item"], label=row["label"],
                 instrument=row["instrument"], indicator=row["indicator"],
                 item_text=row["item_text"],
                 score=None if row["score"] is None else Decimal(row["score"]),
                 issue=row["issue"], measures=json.loads(row["measures"]), result=row["result"],
                 photos=[])


def _photo_of(row: Mapping[str, Any]) -> PhotoRef:
    return PhotoRef(id=row["id"], sha256=row["sha256"], caption=row["caption"],
                    rotation=row["rotation"], width=row["width"], height=row["height"])


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
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if tables and "schema_migrations" not in tables:
        raise StoreError("ไฟล์นี้เป็นฐานข้อมูลของโปรแกรมอื่น ไม่ใช่ของ ITA Desktop — เลือกไฟล์อื่น",
                         where=str(path))


class DamagedPhotoError(StoreError):
    """A stored photo's bytes no longer match their checksum."""


__all__ = ["LATEST", "Change", "DamagedPhotoError", "DatabaseInUseError", "ReportSummary",
           "Store"]
