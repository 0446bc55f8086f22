"""``ita backup create|list|restore``, ``ita check``, ``ita history``: backups, the integrity
check and the audit trail of the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.base.errors import ItaError
from .common import EXIT_REFUSED, megabytes, open_db


def cmd_history(args: argparse.Namespace) -> int:
    """``ita history ID [--entry ENTRY_ID] [--json]``: the audit trail of a report."""
    from ..core.store.audit import ACTIONS_TH, short

    with open_db(args) as store:
        events = store.history(args.id, entry_id=args.entry)
    if args.json:
        print(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("ยังไม่มีประวัติการแก้ไขของรายงานนี้")
        return 0
    for e in events:
        who = e.os_user + (f" ({e.preparer})" if e.preparer else "")
        what = ACTIONS_TH.get(e.action, e.action)
        where = f" {e.entry_code}" if e.entry_code else ""
        photo = f" ภาพ {e.photo_sha256[:12]}" if e.photo_sha256 else ""
        field = f" [{e.field}]" if e.field else ""
        origin = f"\t<{e.origin}>" if e.origin else ""
        print(f"{e.at}\t{who}\t{what}{where}{photo}{field}: {short(e.old_value)} → "
              f"{short(e.new_value)}{origin}")
    return 0


def _backup_dir(args: argparse.Namespace) -> Path:
    from ..core.store.backup import BackupSettings

    return Path(args.output) if args.output else BackupSettings.load().backup_dir()


def _db_path(args: argparse.Namespace) -> Path:
    from ..core.base import paths

    return Path(args.db) if args.db else paths.default_db_path()


def cmd_backup_create(args: argparse.Namespace) -> int:
    from ..core.store import Store
    from ..core.store.backup import create_backup

    with Store.open(args.db) as store:
        info = create_backup(store, _backup_dir(args), "manual")
    print(f"{info.path}\t{megabytes(info.size)}\t{len(info.reports)} รายงาน")
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    from ..core.store.backup import list_backups

    folder = _backup_dir(args)
    backups = list_backups(folder)
    if args.json:
        print(json.dumps([b.to_json() for b in backups], ensure_ascii=False, indent=2))
        return 0
    if not backups:
        print(f"ยังไม่มีสำเนาสำรองใน {folder} — สร้างด้วย: ita backup create")
        return 0
    for b in backups:
        when = b.created.astimezone().strftime("%Y-%m-%d %H:%M")
        names = ", ".join(f"{r.id}:{r.agency} {r.fiscal_year}" for r in b.reports[:4])
        more = f" (+{len(b.reports) - 4})" if len(b.reports) > 4 else ""
        print(f"{b.path}\t{when}\t{b.reason}\t{megabytes(b.size)}\t"
              f"{len(b.reports)} รายงาน: {names}{more}")
    return 0


def _find_backup(args: argparse.Namespace) -> Path:
    given = Path(args.backup)
    if given.is_file() or given.is_absolute() or given.parent != Path("."):
        return given
    return _backup_dir(args) / given  # a name from ita backup list, in the backup folder


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from ..core.store.backup import (
        BackupSettings,
        check_backup,
        describe,
        restore_database,
        restore_report,
    )

    backup = _find_backup(args)
    check_backup(backup)  # a missing or damaged backup is refused before anything is asked
    info = describe(backup)
    what = (f"รายงาน {args.report} จาก {backup.name}" if args.report
            else f"ฐานข้อมูลทั้งไฟล์จาก {backup.name} ({len(info.reports)} รายงาน)")
    if not args.yes:
        if not sys.stdin.isatty():
            raise ItaError(f"จะกู้คืน{what} แทนข้อมูลปัจจุบัน — ใส่ --yes เพื่อยืนยัน "
                           "(ข้อมูลปัจจุบันจะถูกสำรองไว้ก่อน)",
                           english="add --yes to confirm the restore")
        answer = input(f"กู้คืน{what}? ข้อมูลปัจจุบันจะถูกสำรองไว้ก่อน [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "ใช่"):
            print("ยกเลิก")
            return EXIT_REFUSED
    if args.report:
        with open_db(args, write=True) as store:
            new_id = restore_report(store, backup, args.report)
        print(f"กู้คืนรายงานแล้ว: หมายเลข {new_id}")
        return 0
    folder = Path(args.output) if args.output else BackupSettings.load().backup_dir()
    moved = restore_database(_db_path(args), backup, folder)
    if moved:
        print(f"ไฟล์ฐานข้อมูลที่เสียหายย้ายไปไว้ที่ {moved}", file=sys.stderr)
    print(f"กู้คืนฐานข้อมูลแล้วจาก {backup.name}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..core.store import integrity

    path = _db_path(args)
    if not path.is_file():
        raise ItaError("ไม่พบไฟล์ฐานข้อมูล", where=str(path), english="no such database file")
    problems = integrity.inspect_file(path, full=args.full)
    if not problems:
        kind = "ตรวจละเอียด" if args.full else "ตรวจเร็ว"
        print(f"ฐานข้อมูลปกติ ({kind}) / the database is sound: {path}")
        return 0
    outside = getattr(problems, "changed_outside", False)
    if outside:
        print(f"ฐานข้อมูลถูกแก้ไขจากภายนอกโปรแกรม ITA Desktop (มีส่วนที่โปรแกรมไม่ได้สร้าง จึงไม่เปิดใช้): {path}",
              file=sys.stderr)
    else:
        print(f"ฐานข้อมูลเสียหาย: {path}", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print("กู้คืนจากสำเนาสำรองล่าสุด: ita backup list แล้ว ita backup restore ชื่อไฟล์ --yes",
          file=sys.stderr)
    print("error: " + ("the database was changed outside ITA Desktop" if outside else
                       "the database is damaged") + "; restore the newest good backup "
          "(ita backup list, then ita backup restore FILE --yes)", file=sys.stderr)
    return EXIT_REFUSED
