"""Backups: consistent single-file snapshots of the database, kept in rotation, and restore.

A copy of a live WAL database made with the file manager misses everything still in the
``-wal`` file; SQLite's online backup API copies a consistent snapshot (one read transaction,
so the window keeps saving meanwhile). Each backup is written next to its final name as a
``.part`` file, switched to a rollback journal (one file, no ``-wal`` needed), fully checked
(``integrity.full_check``: SQLite's integrity_check, foreign keys and every photo against its
checksum) and only then renamed into place with a small JSON manifest beside it describing
what it holds. A damaged database is therefore never backed up over good backups.

Backups of a database ``ita-reports.sqlite`` are named
``ita-reports-YYYYmmdd-HHMMSS-<reason>.sqlite`` (local time) in the backup folder: the user's
data folder ``backups/`` unless changed (``BackupSettings``; a USB stick or a shared drive).

Rotation keeps: every backup made before an operation or on demand for 30 days, the newest of
each of the last 7 days, the newest of each of the last 4 weeks, and always the newest; then
the oldest are removed while the folder is over its size limit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..base import paths
from ..base.atomic import clean_stale_parts, fsync_dir, part_name, write_atomically, write_error
from ..base.errors import ItaError, NotFoundError, StoreError
from . import integrity
from .integrity import DamagedDatabaseError
from .migrations import LATEST, current_version, migrate
from .store import Store

FORMAT = "ita-backup/1"
DAILY_INTERVAL = dt.timedelta(days=1)
KEEP_DAYS, KEEP_WEEKS, KEEP_OPERATION_DAYS = 7, 4, 30
DEFAULT_MAX_BYTES = 4 * 1024**3
# reasons: "daily" (at start), "manual" (on demand), and one per risky operation
OPERATIONS = ("import", "finalise", "reopen", "carry", "delete", "restore", "reframe")
_SETTINGS_FILE = "backup.json"
Cancelled = Callable[[], bool]  # asked between the steps of a backup: stop now?


class BackupError(StoreError):
    """A backup could not be made, read or restored."""


class BackupCancelled(BackupError):
    """The clerk stopped a backup; its unfinished file was removed, nothing else changed."""


# ---------------------------------------------------------------------------------- settings
@dataclass
class BackupSettings:
    folder: str | None = None  # None: paths.user_data_dir() / "backups"
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def load(cls) -> BackupSettings:
        try:
            data = json.loads((paths.user_data_dir() / _SETTINGS_FILE).read_text("utf-8"))
            return cls(folder=data.get("folder") or None,
                       max_bytes=int(data.get("max_bytes") or DEFAULT_MAX_BYTES))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def save(self) -> None:
        target = paths.user_data_dir() / _SETTINGS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, json.dumps(asdict(self), ensure_ascii=False).encode("utf-8"))

    def backup_dir(self) -> Path:
        return Path(self.folder) if self.folder else default_backup_dir()


def default_backup_dir() -> Path:
    return paths.user_data_dir() / "backups"


# ---------------------------------------------------------------------------------- listing
@dataclass(frozen=True)
class BackupReport:
    id: int
    uuid: str
    agency: str
    fiscal_year: int
    round: str
    status: str
    revision: int
    entries: int
    photos: int
    updated_at: str
    trashed: bool = False


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str  # UTC ISO
    reason: str
    size: int
    source: str
    schema_version: int
    reports: tuple[BackupReport, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def backup_name(db_path: Path | None, when: dt.datetime, reason: str) -> str:
    stem = db_path.stem if db_path else "ita-reports"
    return f"{stem}-{when.astimezone():%Y%m%d-%H%M%S}-{reason}.sqlite"


def list_backups(folder: Path, source: Path | None = None) -> list[BackupInfo]:
    """Backups in ``folder`` (of the database ``source`` if given), newest first. A backup
    without its manifest (copied by hand) is described by reading it."""
    out = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        path = folder / name
        if not name.endswith(".sqlite") or name.startswith("."):
            continue
        if source is not None and not name.startswith(f"{source.stem}-"):
            continue
        info = _read_manifest(path)
        if info is None:
            try:
                info = describe(path, reason=_reason_of(name))
            except (ItaError, sqlite3.DatabaseError, OSError):
                continue
        out.append(info)
    out.sort(key=lambda b: (b.created_at, b.name), reverse=True)
    return out


def describe(path: Path, *, reason: str = "", created_at: str | None = None,
             source: str = "") -> BackupInfo:
    """What a backup (or any database file) holds, read-only."""
    with Store.open_read_only(path) as store:
        version = current_version(store.conn)
        reports = tuple(
            BackupReport(r.id, r.uuid, r.agency, r.fiscal_year, r.round.kind, r.status,
                         r.revision, r.entry_count, r.photo_count, r.updated_at, r.trashed)
            for r in store.list_reports(include_trashed=True))
    if created_at is None:
        created_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).isoformat()
    return BackupInfo(path, created_at, reason, path.stat().st_size, source, version, reports)


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _read_manifest(path: Path) -> BackupInfo | None:
    try:
        data = json.loads(_manifest_path(path).read_text("utf-8"))
        if data.get("format") != FORMAT:
            return None
        size = path.stat().st_size
        if size != data["size"]:  # the backup was changed or cut short after it was made
            return None
        return BackupInfo(path, data["created_at"], data["reason"], size, data["source"],
                          int(data["schema_version"]),
                          tuple(BackupReport(**r) for r in data["reports"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _reason_of(name: str) -> str:
    stem = name.removesuffix(".sqlite")
    return stem.rsplit("-", 1)[-1] if stem.count("-") >= 3 else ""


# ---------------------------------------------------------------------------------- creating
def create_backup(store: Store, folder: Path, reason: str = "manual",
                  cancelled: Cancelled | None = None) -> BackupInfo:
    """Snapshot ``store`` into ``folder``; refused (BackupError/DamagedDatabaseError) when the
    database is damaged. Rotation runs afterwards. ``cancelled`` is asked between the steps
    (copy, check, describe); when it says yes, ``BackupCancelled`` is raised and the unfinished
    file removed."""
    if store.damage is not None:
        raise DamagedDatabaseError(store.path, store.damage)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_parts(folder)
        now = dt.datetime.now(dt.UTC)  # microseconds: order of backups within one second
        target = folder / backup_name(store.path, now, reason)
        counter = 2
        while target.exists() or _manifest_path(target).exists():
            target = folder / backup_name(store.path, now, f"{reason}-{counter}")
            counter += 1
        temp = part_name(target)
        try:
            info = _snapshot(store.conn, temp, target, reason, now, store.path, cancelled)
            os.replace(temp, target)
        except BaseException:
            for leftover in (temp, Path(f"{temp}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise
        fsync_dir(folder)
        write_atomically(_manifest_path(target),
                         json.dumps({"format": FORMAT, **info.to_json()}, ensure_ascii=False,
                                    indent=1).encode("utf-8"))
    except OSError as exc:
        error = write_error(folder, exc)
        raise BackupError(f"ทำสำเนาสำรองไม่ได้: {error.message}", where=str(folder),
                          english=f"cannot write the backup: {error.english}") from None
    rotate(folder, store.path)
    return info


def _stop_if(cancelled: Cancelled | None, where: Path) -> None:
    if cancelled is not None and cancelled():
        raise BackupCancelled("ยกเลิกการทำสำเนาสำรองแล้ว ไม่มีอะไรเปลี่ยนแปลง", where=str(where),
                              english="the backup was cancelled; nothing was changed")


def _snapshot(source: sqlite3.Connection, temp: Path, target: Path, reason: str,
              now: dt.datetime, db_path: Path | None,
              cancelled: Cancelled | None = None) -> BackupInfo:
    _stop_if(cancelled, target.parent)
    dest = sqlite3.connect(str(temp), isolation_level=None)
    try:
        try:
            source.backup(dest)  # one step: a consistent snapshot of the last commit
        except sqlite3.DatabaseError as exc:
            if integrity.is_damage(exc):
                raise DamagedDatabaseError(db_path, [f"SQLite: {exc}"]) from None
            raise
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        _stop_if(cancelled, target.parent)
        problems = integrity.full_check(dest)
        if problems:
            raise DamagedDatabaseError(db_path, problems)
        dest.execute("PRAGMA user_version")  # keep the connection's view before closing
    finally:
        dest.close()
    _stop_if(cancelled, target.parent)
    with open(temp, "rb+") as stream:
        os.fsync(stream.fileno())
    info = describe(temp, reason=reason, created_at=now.isoformat(),
                    source=str(db_path) if db_path else ":memory:")
    return BackupInfo(target, info.created_at, reason, info.size, info.source,
                      info.schema_version, info.reports)


def save_copy(store: Store, target: Path, cancelled: Cancelled | None = None) -> None:
    """"Save a copy…": a consistent, checked single-file copy at ``target`` (for a USB
    stick); the old file there is replaced only by a whole good copy."""
    if store.damage is not None:
        raise DamagedDatabaseError(store.path, store.damage)
    temp = part_name(target)
    try:
        clean_stale_parts(target.parent)
        _snapshot(store.conn, temp, target, "copy", dt.datetime.now(dt.UTC), store.path,
                  cancelled)
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise write_error(target, exc) from None
    finally:
        for leftover in (temp, Path(f"{temp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


# ---------------------------------------------------------------------------------- rotation
def plan_rotation(backups: Iterable[BackupInfo], now: dt.datetime,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[BackupInfo], list[BackupInfo]]:
    """(keep, remove) under the rotation rules in the module docstring."""
    items = sorted(backups, key=lambda b: (b.created_at, b.name), reverse=True)
    keep: list[BackupInfo] = []
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for index, backup in enumerate(items):
        when = backup.created.astimezone()
        day, week = when.date(), when.isocalendar()[:2]
        wanted = index == 0
        if backup.reason.split("-")[0] in (*OPERATIONS, "manual") and \
                now - backup.created <= dt.timedelta(days=KEEP_OPERATION_DAYS):
            wanted = True
        if day not in days and len(days) < KEEP_DAYS:
            days.add(day)
            wanted = True
        if week not in weeks and len(weeks) < KEEP_WEEKS:
            weeks.add(week)
            wanted = True
        if wanted:
            keep.append(backup)
    total = sum(b.size for b in keep)
    while total > max_bytes and len(keep) > 1:  # the size bound wins; the newest always stays
        total -= keep.pop().size
    removed = [b for b in items if b not in keep]
    return keep, removed


def rotate(folder: Path, source: Path | None, max_bytes: int | None = None) -> list[Path]:
    limit = BackupSettings.load().max_bytes if max_bytes is None else max_bytes
    source = source or Path("ita-reports.sqlite")
    _keep, remove = plan_rotation(list_backups(folder, source), dt.datetime.now(dt.UTC), limit)
    gone = []
    for backup in remove:
        with contextlib.suppress(OSError):
            backup.path.unlink()
            gone.append(backup.path)
        with contextlib.suppress(OSError):
            _manifest_path(backup.path).unlink()
    return gone


# ---------------------------------------------------------------------------------- automatic
class AutoBackup:
    """Set as ``store.auto_backup``: a backup before each risky operation, into the configured
    folder (the default folder when that one cannot be written, e.g. the USB stick is out)."""

    def __init__(self, store: Store, settings: BackupSettings | None = None):
        self.store = store
        self.settings = settings or BackupSettings.load()
        self.last: BackupInfo | None = None
        self.fallback_used: Path | None = None

    def __call__(self, operation: str) -> BackupInfo:
        return self._make(self.store, operation, None)

    def on_own_connection(self, operation: str, cancelled: Cancelled | None = None
                          ) -> BackupInfo:
        """The same backup through a connection of its own: for a worker thread (the window's
        connection serves only the GUI thread)."""
        if self.store.damage is not None:
            raise DamagedDatabaseError(self.store.path, self.store.damage)
        with Store.open_read_only(self.store.path) as own:
            return self._make(own, operation, cancelled)

    def _make(self, store: Store, operation: str, cancelled: Cancelled | None) -> BackupInfo:
        folder = self.settings.backup_dir()
        try:
            self.last = create_backup(store, folder, operation, cancelled)
        except BackupError as exc:
            if folder == default_backup_dir() or isinstance(exc, BackupCancelled):
                raise
            self.last = create_backup(store, default_backup_dir(), operation, cancelled)
            self.fallback_used = default_backup_dir()
        return self.last

    def daily_due(self, now: dt.datetime | None = None) -> bool:
        backups = list_backups(self.settings.backup_dir(), self.store.path)
        now = now or dt.datetime.now(dt.UTC)
        return not backups or now - backups[0].created >= DAILY_INTERVAL


def enable_auto_backups(store: Store, settings: BackupSettings | None = None) -> AutoBackup:
    auto = AutoBackup(store, settings)
    if store.path is not None:  # an in-memory database has nothing to protect across runs
        store.auto_backup = auto
    return auto


def daily_backup(store: Store, settings: BackupSettings | None = None) -> BackupInfo | None:
    """At start: a backup when the newest one is older than a day."""
    auto = AutoBackup(store, settings)
    return auto("daily") if store.path is not None and auto.daily_due() else None


# ---------------------------------------------------------------------------------- restoring
def check_backup(path: Path) -> int:
    """Full check of a backup before anything is restored from it; its schema version."""
    if not path.is_file():
        raise NotFoundError("ไม่พบไฟล์สำเนาสำรองนี้ — ดูรายการด้วย ita backup list",
                            where=str(path), english="no such backup file")
    problems = integrity.inspect_file(path, full=True)
    if problems:
        raise BackupError("สำเนาสำรองนี้เสียหาย จึงไม่กู้คืนจากไฟล์นี้ — เลือกสำเนาอื่น: "
                          + "; ".join(problems[:3]), where=str(path),
                          english="this backup is damaged; choose another one")
    conn = integrity.connect_read_only(path)
    try:
        version = current_version(conn)
    finally:
        conn.close()
    if version > LATEST:
        raise BackupError("สำเนาสำรองนี้มาจากโปรแกรมรุ่นใหม่กว่า — ปรับปรุงโปรแกรมก่อน",
                          where=str(path), english="backup is from a newer version")
    return version


def restore_database(db_path: Path, backup: Path, folder: Path | None = None) -> Path | None:
    """Replace the whole database with ``backup``. The current state is backed up first (a
    damaged database, which cannot be backed up, is moved aside instead and its new name
    returned). No other connection to ``db_path`` may be writing (the window closes its own)."""
    check_backup(backup)
    folder = folder or BackupSettings.load().backup_dir()
    moved = None
    damage = integrity.inspect_file(db_path) if db_path.is_file() and \
        db_path.stat().st_size else None
    if damage:
        moved = _move_aside(db_path)
    source = integrity.connect_read_only(backup)
    try:
        if damage or not db_path.exists() or db_path.stat().st_size == 0:
            dest = sqlite3.connect(str(db_path), isolation_level=None)
        else:
            with Store.open(db_path) as current:
                create_backup(current, folder, "restore")
            dest = sqlite3.connect(str(db_path), isolation_level=None, timeout=10)
        try:
            # SQLite replaces the pages in one transaction, through the WAL: other readers
            # see the old or the new database, and a crash leaves the old one
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
            migrate(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return moved


def _move_aside(db_path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}-damaged-{stamp}{db_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside


def restore_report(store: Store, backup: Path, report: str | int) -> int:
    """Put one report back as it is in ``backup`` (found by id or uuid there), replacing the
    report with the same uuid; every other report is untouched. Returns its new id."""
    return put_back(store, *read_saved_report(backup, report))


def read_saved_report(backup: Path, report: str | int) -> tuple[Any, dict[str, Any]]:
    """``restore_report``'s reading half (a worker may run it): backup checked, report read."""
    check_backup(backup)
    from ..photos.intake import ProcessedPhoto
    with Store.open_read_only(backup) as old:
        rows = old.conn.execute("SELECT id FROM reports WHERE id = ? OR uuid = ?",
                                (_as_int(report), str(report))).fetchall()
        if not rows:
            raise NotFoundError(f"ไม่พบรายงาน {report} ในสำเนาสำรองนี้ — ดูรายการด้วย "
                                "ita backup list --json", where=str(backup),
                                english=f"no report {report} in this backup")
        saved = old.get_report(int(rows[0][0]))
        photos = {}
        for ref in (ref for entry in saved.entries for ref in entry.photos):
            if ref.sha256 not in photos:
                meta = old.conn.execute(
                    "SELECT width, height, original_name, original_bytes, original_format "
                    "FROM photo_blobs WHERE sha256 = ?", (ref.sha256,)).fetchone()
                photos[ref.sha256] = ProcessedPhoto(
                    ref.sha256, old.photo_bytes(ref.sha256, "print"),
                    old.photo_bytes(ref.sha256, "thumb"), *meta)
    return saved, photos


def put_back(store: Store, saved: Any, photos: dict[str, Any]) -> int:
    """The second half: the current state backed up, then the saved report in place."""
    store.backup_before("restore")
    with store.transaction():  # all or nothing: the old report stays if anything fails
        current = store.find_report_id(saved.uuid)
        if current is not None:
            store.conn.execute("DELETE FROM reports WHERE id = ?", (current,))
        return store.create_report(saved, photos)  # stored ids are not reused


def _as_int(value: str | int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


__all__ = ["AutoBackup", "BackupCancelled", "BackupError", "BackupInfo", "BackupSettings", "check_backup",
           "create_backup",
           "daily_backup", "describe", "enable_auto_backups", "list_backups", "plan_rotation",
           "put_back", "read_saved_report", "restore_database", "restore_report", "rotate", "save_copy"]
