"""What every command group shares: opening the database (as reader or as its one writer),
writing a file atomically, printing an escaped line or an error. Cheap to import: the core
modules are imported inside the functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.base.errors import ItaError
from ..core.text import thai
from ..core.text.safety import terminal_safe

if TYPE_CHECKING:
    from ..core.store import Store

EXIT_REFUSED = 1
EXIT_USAGE = 2


def open_db(args: argparse.Namespace, *, write: bool = False) -> Store:
    """The database; ``write``: as its one writer (refused while the app edits it). A backup is
    made before import, finalise, delete and restore (core/store/backup.py)."""
    from ..core.store import Store
    from ..core.store.backup import BackupSettings, enable_auto_backups
    from ..core.store.failures import StoreFailure

    try:
        store = Store.open(args.db, writer=write)
    except StoreFailure as exc:
        # reading needs no writing: a read-only, full or locked-down drive can still be read
        if write or exc.kind not in ("read-only", "permission", "disk-full", "io"):
            raise
        store = Store.open(args.db, read_only=True)
    store.on_wait = _waiting_notice()
    settings = BackupSettings.load()
    if getattr(args, "backup_command", None) and args.output:  # ita backup ... -o DIR
        settings.folder = args.output
    enable_auto_backups(store, settings)
    return store


def _waiting_notice() -> Callable[[float], None]:
    """Say once, on stderr, that we are waiting for another program's lock."""
    told = False

    def notice(seconds: float) -> None:
        nonlocal told
        if not told and seconds >= 1.0:
            told = True
            print("กำลังรอฐานข้อมูล (โปรแกรมอื่นกำลังใช้อยู่)… / waiting for the database "
                  "(another program is using it)…", file=sys.stderr, flush=True)
    return notice


def line(*fields: object, file: object = None) -> None:
    """One tab-separated line; text from reports and packages is escaped (an ESC sequence
    in a package must not drive the terminal, a tab must not shift the columns)."""
    print("\t".join(terminal_safe(f) for f in fields), file=file or sys.stdout)


def save(path: Path, data: bytes) -> None:
    """Write atomically (``core.atomic``); a full disk, a missing folder or a locked file is a
    refusal that leaves any older file as it was."""
    from ..core.base.atomic import save_file

    save_file(path, data)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def report_id(text: str) -> int:
    try:
        return thai.parse_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” ไม่ใช่หมายเลขรายงาน (ดูด้วย ita list)\n"
            f"error: “{text}” is not a report number (see: ita list)") from None


def offer_backup(exc: ItaError, args: argparse.Namespace) -> None:
    """After "the database is damaged": name the newest good backup and how to restore it."""
    from ..core.store.backup import BackupSettings, list_backups
    from ..core.store.integrity import DamagedDatabaseError

    if not isinstance(exc, DamagedDatabaseError) or exc.path is None:
        return
    folder = BackupSettings.load().backup_dir()
    backups = list_backups(folder, exc.path)
    if not backups:
        print(f"ไม่พบสำเนาสำรองของไฟล์นี้ใน {folder} / no backup of this file found",
              file=sys.stderr)
        return
    newest = backups[0]
    when = newest.created.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"สำเนาสำรองล่าสุด / newest backup: {newest.path} ({when}, {len(newest.reports)} "
          f"รายงาน) — กู้คืน / restore: ita --db \"{exc.path}\" backup restore "
          f"\"{newest.path}\" --yes", file=sys.stderr)


def print_error(exc: ItaError) -> None:
    """The Thai line, then the English one. An error raised without an English text still
    gets an English line, so that every refusal reads in both languages."""
    line(f"ผิดพลาด: {exc.text()}", file=sys.stderr)
    english = exc.english or (f"{exc.where}: refused, nothing was changed (the Thai line above "
                              "says what is wrong and how to fix it)" if exc.where else
                              "refused, nothing was changed (the Thai line above says what is "
                              "wrong and how to fix it)")
    line(f"error: {english}", file=sys.stderr)


def without_path(path: Path | str, message: str) -> str:
    """``message`` without a leading ``x.itapkg: `` when the line already names ``path``
    (the core's messages start with the file's name; the command line prints the whole path)."""
    for prefix in (str(path), Path(path).name):
        if prefix and message.startswith(f"{prefix}: "):
            return message[len(prefix) + 2:]
    return message

