"""``ita``: the command line over the core (no Qt) for tests, benchmarks and batch work.

Every command takes ``--db PATH`` (default: the user's database). Errors go to stderr in Thai
(with English after) and exit non-zero; a refused command writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .core.base import paths
from .core.base.errors import ItaError
from .core.framework import catalog as forms
from .core.store import Store
from .core.store.failures import StoreFailure, classify
from .core.text import thai
from .core.text.safety import terminal_safe

EXIT_REFUSED = 1
EXIT_USAGE = 2


def _open(args: argparse.Namespace, *, write: bool = False) -> Store:
    """The database; ``write``: as its one writer (refused while the app edits it). A backup is
    made before import, finalise, delete and restore (core/store/backup.py)."""
    from .core.store.backup import BackupSettings, enable_auto_backups

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


def _line(*fields: object, file: object = None) -> None:
    """One tab-separated line; text from reports and packages is escaped (an ESC sequence
    in a package must not drive the terminal, a tab must not shift the columns)."""
    print("\t".join(terminal_safe(f) for f in fields), file=file or sys.stdout)


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.workflow.demo import create_demo

    with _open(args, write=True) as store:
        print(create_demo(store))
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from .selftest import main as self_test

    return self_test(with_qt=False)  # ita-desktop --self-test also checks Qt


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        reports = store.list_reports()
    if args.json:
        rows = [{"id": r.id, "uuid": r.uuid, "agency": r.agency, "parent": r.parent,
                 "fiscal_year": r.fiscal_year, "round": r.round.kind,
                 "round_label": r.round.title("arabic"), "framework": r.framework,
                 "status": r.status, "revision": r.revision, "updated_at": r.updated_at,
                 "entries": r.entry_count, "photos": r.photo_count} for r in reports]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not reports:
        print("ยังไม่มีรายงาน — สร้างรายงานตัวอย่างด้วย: ita demo")
        return 0
    for r in reports:
        status = "ฉบับสมบูรณ์" if r.status == "final" else "ฉบับร่าง"
        _line(r.id, r.agency, f"ปีงบประมาณ {r.fiscal_year}", r.round.title("arabic"), status,
              f"{r.entry_count} รายการ", f"{r.photo_count} ภาพ", r.updated_at)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from .core.exchange.report_json import read_report_file

    with _open(args, write=True) as store:
        report, photos = read_report_file(args.file, known_photo=store.has_photo)
        if store.find_report_id(report.uuid) is not None:
            raise ItaError("มีรายงานนี้ (uuid เดียวกัน) ในฐานข้อมูลแล้ว — ลบ “uuid” ออกจากไฟล์ "
                           "เพื่อสร้างเป็นรายงานใหม่", where=str(args.file))
        print(store.create_report(report, photos))
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from .core.exchange.report_json import dump_report

    with _open(args) as store:
        report = store.get_report(args.id)
        relative_to = Path(args.output).parent if args.output else Path.cwd()
        text = dump_report(report, store, photos_dir=args.photos, relative_to=relative_to)
    if args.output:
        _save(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .core.framework.catalog import try_load_framework
    from .core.render import render_pdf

    with _open(args) as store:
        report = store.get_report(args.id)
        pdf = render_pdf(report, store, try_load_framework(report.framework), digits=args.digits)
    _save(Path(args.output), pdf)
    print(args.output)
    return 0


def cmd_forms_list(args: argparse.Namespace) -> int:
    for form in forms.available().values():
        try:
            fw = forms.load_framework(form.id)
            count = sum(1 for _ in fw.items())
            print(f"{form.id}\t{fw.fiscal_year}\t{count} ข้อ\t{form.origin}\t{form.path}")
        except ItaError as exc:
            print(f"{form.id}\t(เสีย: {exc.text()})\t{form.origin}\t{form.path}")
    return 0


def cmd_forms_add(args: argparse.Namespace) -> int:
    framework, replaced = forms.add_form_file(args.file)
    count = sum(1 for _ in framework.items())
    note = f" (แทนที่ไฟล์เดิม {replaced.path})" if replaced else ""
    print(f"เพิ่มกรอบการประเมิน {framework.id}: {count} ข้อ{note}")
    return 0


def cmd_forms_check(args: argparse.Namespace) -> int:
    from .core.framework.definition import load_framework_file

    framework = load_framework_file(args.file)
    print(f"{framework.id}: ถูกต้อง ({sum(1 for _ in framework.items())} ข้อ)")
    return 0


# ------------------------------------------------------------------ packages and spreadsheets
def _save(path: Path, data: bytes) -> None:
    """Write atomically (``core.atomic``); a full disk, a missing folder or a locked file is a
    refusal that leaves any older file as it was."""
    from .core.base.atomic import save_file

    save_file(path, data)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def cmd_export(args: argparse.Namespace) -> int:
    from .core.package import EMAIL_LIMIT_BYTES, Recompress, build_package

    with _open(args) as store:
        built = build_package(store, args.id, pdf=not args.no_pdf,
                              recompress=Recompress() if args.recompress else None)
    target = Path(args.output)
    if target.is_dir():
        target = target / built.file_name
    _save(target, built.data)
    print(f"{target}\t{_megabytes(built.size)}")
    if built.over_email_limit:
        hint = "" if args.recompress else " — ส่งออกใหม่พร้อม --recompress เพื่อย่อภาพให้ไฟล์เล็กลง"
        print(f"คำเตือน: ไฟล์ใหญ่กว่า {_megabytes(EMAIL_LIMIT_BYTES)} ซึ่งอีเมลทั่วไปอาจส่งไม่ได้{hint}",
              file=sys.stderr)
    return 0


def _on_conflict(args: argparse.Namespace) -> str:
    return "replace" if args.replace else "keep-both" if args.keep_both else "ask"


_CONFLICT_HINT = " — ใส่ --replace เพื่อแทนที่ฉบับเดิม หรือ --keep-both เพื่อเก็บไว้ทั้งสองฉบับ"


def _print_results(results: list) -> int:
    failed = 0
    for result in results:
        if result.ok:
            _line(result.path, result.report_id, result.message)
            continue
        failed += 1
        hint = _CONFLICT_HINT if result.status == "conflict" else ""
        _line(f"ผิดพลาด: {result.path}: {result.message}{hint}", file=sys.stderr)
        if result.english:
            _line(f"error: {result.english}", file=sys.stderr)
    return failed


def cmd_import(args: argparse.Namespace) -> int:
    from .core.package.consolidate import import_many

    with _open(args, write=True) as store:
        results = import_many(store, args.files, on_conflict=_on_conflict(args))
    return EXIT_REFUSED if _print_results(results) else 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    from .core.package.consolidate import import_many, package_files, read_expected, summarize
    from .core.package.summary_xlsx import summary_xlsx

    expected = read_expected(args.expected) if args.expected else None
    files = package_files(args.inputs)
    if not files:
        raise ItaError("ไม่พบไฟล์แพ็กเกจ (.itapkg) ในที่ที่ระบุ — ตรวจชื่อไฟล์หรือโฟลเดอร์",
                       english="no package files found")

    def progress(done: int, total: int, path: Path) -> None:
        print(f"[{done}/{total}] {path.name}", file=sys.stderr)

    with _open(args, write=True) as store:
        results = import_many(store, files, on_conflict=_on_conflict(args),
                              progress=progress if args.progress else None)
        failed = _print_results(results)
        summary = summarize(store, [r.report_id for r in results if r.ok and r.report_id],
                            expected)
        workbook = summary_xlsx(summary, results)
        pdf = None
        if args.pdf:
            from .core.package.summary_pdf import summary_pdf

            pdf = summary_pdf(summary, store)
    _save(Path(args.output), workbook)
    if pdf is not None:
        _save(Path(args.pdf), pdf)
    for office in summary.proposals:  # near misses: the user answers with ``ita offices``
        print(f"หมายเหตุ: “{office.agency}” ไม่อยู่ในรายชื่อ น่าจะเป็น “{office.proposal}” — ถ้าใช่ "
              f"ให้สั่ง ita offices same \"{office.agency}\" \"{office.proposal}\" ถ้าไม่ใช่ "
              f"ให้สั่ง ita offices different … (note: probable match)", file=sys.stderr)
    sent, missing = len(summary.sent), len(summary.missing)
    note = f"; ยังไม่ส่ง {missing} หน่วยงาน" if expected is not None else ""
    print(f"{args.output}\tส่งแล้ว {sent} หน่วยงาน{note}; ไม่นำเข้า {failed} ไฟล์")
    return EXIT_REFUSED if failed else 0


def cmd_offices(args: argparse.Namespace) -> int:
    """``ita offices same|different|forget|list``: the answers on office names, kept in the
    database and used by every consolidation (the window asks the same question)."""
    from .core.package import office_match

    with _open(args) as store:
        if args.action == "list":
            rows = [(d.alias, d.office, d.same) for answers in
                    office_match.decisions(store).values() for d in answers]
            if args.json:
                print(json.dumps([{"alias": a, "office": o, "same": s} for a, o, s in rows],
                                 ensure_ascii=False, indent=2))
            for alias, office, same in rows if not args.json else []:
                print(f"{alias}\t{'=' if same else '≠'}\t{office}")
            return 0
        if not args.alias or (args.action != "forget" and not args.office):
            raise ItaError("ระบุชื่อที่หน่วยงานเขียนมา และชื่อในรายชื่อ เช่น ita offices same "
                           "\"เขตปทุมวน\" \"สำนักงานเขตปทุมวัน\"",
                           english="give the name as sent and the office on the list")
        if args.action == "forget":
            office_match.forget(store, args.alias)
        else:
            office_match.remember(store, args.alias, args.office, args.action == "same")
    print(f"{args.action}\t{args.alias}\t{args.office or ''}")
    return 0


def cmd_spreadsheet(args: argparse.Namespace) -> int:
    """``ita xlsx`` and ``ita csv``: one report as a spreadsheet file."""
    from .core.exchange.spreadsheet import report_csv, report_xlsx

    write = report_xlsx if args.command == "xlsx" else report_csv
    with _open(args) as store:
        data = write(store.get_report(args.id))
    _save(Path(args.output), data)
    print(args.output)
    return 0


def cmd_revisions(args: argparse.Namespace) -> int:
    """``ita revisions [ID]``: replaced reports (of report ID, or all);
    ``ita revisions diff HID``: what changed since; ``ita revisions restore HID``: put it back."""
    from .core.workflow import revisions

    words = list(args.words)
    action = words.pop(0) if words and words[0] in ("diff", "restore") else "list"
    if action != "list" and len(words) != 1 or len(words) > 1:
        raise ItaError("ใช้: ita revisions [หมายเลขรายงาน] | ita revisions diff หมายเลขฉบับเดิม | "
                       "ita revisions restore หมายเลขฉบับเดิม", english="bad arguments")
    number = None
    if words:
        try:
            number = thai.parse_int(words[0])
        except ValueError:
            raise ItaError(f"“{words[0]}” ไม่ใช่หมายเลข — ดูหมายเลขด้วย ita revisions",
                           english="not a number") from None
    with _open(args, write=action == "restore") as store:
        if action == "restore":
            assert number is not None
            change = revisions.restore(store, number)
            print(f"{change.report_id}\tนำฉบับเดิมกลับมาแล้ว (ฉบับที่อยู่แทนเก็บไว้ในประวัติ)")
            return 0
        if action == "diff":
            assert number is not None
            revision = revisions.get_revision(store, number)
            old = revisions.revision_report(store, number)
            current = revisions.current_of(store, revision)
            if current is None:
                print("ไม่มีรายงานที่อยู่แทนฉบับนี้แล้ว — แสดงไม่ได้ว่าเปลี่ยนอะไร")
                return 0
            diffs = revisions.diff_reports(old, store.get_report(current))
            if not diffs:
                print("ไม่มีข้อแตกต่าง")
            for diff in diffs:
                _line(diff.where, diff.before, "→", diff.after)
            return 0
        rows = revisions.history(store, number)
    if not rows:
        print("ไม่มีฉบับเดิมที่ถูกแทนที่")
    for row in rows:
        _line(row.id, row.agency, f"ฉบับที่ {row.revision}", row.replaced_at, row.reason)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """``ita history ID [--entry ENTRY_ID] [--json]``: the audit trail of a report."""
    from .core.store.audit import ACTIONS_TH, short

    with _open(args) as store:
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


# ------------------------------------------------------------------ backups and integrity
def _backup_dir(args: argparse.Namespace) -> Path:
    from .core.store.backup import BackupSettings

    return Path(args.output) if args.output else BackupSettings.load().backup_dir()


def _db_path(args: argparse.Namespace) -> Path:
    from .core.base import paths

    return Path(args.db) if args.db else paths.default_db_path()


def cmd_backup_create(args: argparse.Namespace) -> int:
    from .core.store.backup import create_backup

    with Store.open(args.db) as store:
        info = create_backup(store, _backup_dir(args), "manual")
    print(f"{info.path}\t{_megabytes(info.size)}\t{len(info.reports)} รายงาน")
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    from .core.store.backup import list_backups

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
        print(f"{b.path}\t{when}\t{b.reason}\t{_megabytes(b.size)}\t"
              f"{len(b.reports)} รายงาน: {names}{more}")
    return 0


def _find_backup(args: argparse.Namespace) -> Path:
    given = Path(args.backup)
    if given.is_file() or given.is_absolute() or given.parent != Path("."):
        return given
    return _backup_dir(args) / given  # a name from ita backup list, in the backup folder


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from .core.store.backup import (
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
        with _open(args, write=True) as store:
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
    from .core.store import integrity

    path = _db_path(args)
    if not path.is_file():
        raise ItaError("ไม่พบไฟล์ฐานข้อมูล", where=str(path), english="no such database file")
    problems = integrity.inspect_file(path, full=args.full)
    if not problems:
        kind = "ตรวจละเอียด" if args.full else "ตรวจเร็ว"
        print(f"ฐานข้อมูลปกติ ({kind}) / the database is sound: {path}")
        return 0
    print(f"ฐานข้อมูลเสียหาย / the database is damaged: {path}", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print("กู้คืนจากสำเนาสำรองล่าสุด: ita backup list แล้ว ita backup restore ชื่อไฟล์ --yes",
          file=sys.stderr)
    return EXIT_REFUSED


def _offer_backup(exc: ItaError, args: argparse.Namespace) -> None:
    """After "the database is damaged": name the newest good backup and how to restore it."""
    from .core.store.backup import BackupSettings, list_backups
    from .core.store.integrity import DamagedDatabaseError

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


def _report_id(text: str) -> int:
    try:
        return thai.parse_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” ไม่ใช่หมายเลขรายงาน (ดูด้วย ita list)") from None


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command; SUPPRESS keeps a subcommand's absent --db
    # from overwriting one given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="ไฟล์ฐานข้อมูล (ค่าเริ่มต้น: ของผู้ใช้)")
    parser = argparse.ArgumentParser(
        prog="ita", description="ITA Desktop — รายงานผลการดำเนินการตามมาตรการ ITA (command line)")
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="ไฟล์ฐานข้อมูล (ค่าเริ่มต้น: ของผู้ใช้)")
    parser.add_argument("--version", action="version", version=f"ita {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str
            ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("self-test", cmd_self_test,
        "ตรวจว่าโปรแกรมที่ติดตั้งทำงานได้ครบ (ฟอร์ม ฟอนต์ไทย PDF คำแปล) — ไม่ใช้เครือข่าย")
    add("demo", cmd_demo, "สร้างรายงานตัวอย่าง (สำนักงานเขตปทุมวัน ๒๕๖๗ รอบ ๖ เดือน); พิมพ์หมายเลขรายงาน")
    p = add("list", cmd_list, "แสดงรายงานในฐานข้อมูล")
    p.add_argument("--json", action="store_true", help="แสดงเป็น JSON")
    p = add("load", cmd_load, "สร้างรายงานจากไฟล์ JSON (ita-report/1); พิมพ์หมายเลขรายงาน")
    p.add_argument("file", type=Path)
    p = add("dump", cmd_dump, "เขียนรายงานเป็น JSON (ita-report/1)")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: stdout)")
    p.add_argument("--photos", metavar="DIR", help="เขียนไฟล์ภาพลงโฟลเดอร์นี้และอ้างถึงในไฟล์")
    p = add("render", cmd_render, "พิมพ์รายงานเป็น PDF")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ PDF ปลายทาง")
    p.add_argument("--digits", choices=["thai", "arabic"], help="ตัวเลขไทยหรืออารบิก")

    p = add("export", cmd_export, "ส่งออกรายงานเป็นแพ็กเกจ .itapkg (ข้อมูล ภาพ และ PDF) เพื่อส่งหน่วยงานต้นสังกัด")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True,
                   help="ไฟล์ .itapkg ปลายทาง (หรือโฟลเดอร์: ตั้งชื่อให้เป็น หน่วยงาน-ปี-รอบ.itapkg)")
    p.add_argument("--no-pdf", action="store_true", help="ไม่ใส่ไฟล์ PDF ของรายงานในแพ็กเกจ")
    p.add_argument("--recompress", action="store_true",
                   help="ย่อภาพในแพ็กเกจให้เล็กลง (ภาพในฐานข้อมูลไม่เปลี่ยน) เมื่อไฟล์ใหญ่เกินส่งอีเมล")

    def conflict_options(p: argparse.ArgumentParser) -> None:
        choice = p.add_mutually_exclusive_group()
        choice.add_argument("--replace", action="store_true",
                            help="ถ้ามีรายงานอื่นของหน่วยงาน ปี และรอบเดียวกัน ให้แทนที่ "
                                 "(ฉบับเดิมเก็บในประวัติ)")
        choice.add_argument("--keep-both", action="store_true",
                            help="ถ้ามีรายงานอื่นของหน่วยงาน ปี และรอบเดียวกัน ให้เก็บไว้ทั้งสองฉบับ")

    p = add("import", cmd_import, "นำเข้าแพ็กเกจ .itapkg (ตรวจทั้งไฟล์ก่อน นำเข้าทั้งหมดหรือไม่นำเข้าเลย)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    conflict_options(p)
    p = add("consolidate", cmd_consolidate,
            "นำเข้าแพ็กเกจหลายไฟล์ (หรือทั้งโฟลเดอร์) แล้วสรุปเป็นไฟล์ .xlsx สำหรับหน่วยงานต้นสังกัด")
    p.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("-o", "--output", required=True, help="ไฟล์สรุป .xlsx ปลายทาง")
    p.add_argument("--expected", type=Path, metavar="FILE",
                   help="ไฟล์รายชื่อหน่วยงานที่ต้องส่ง (บรรทัดละหนึ่งชื่อ) เพื่อดูว่าใครยังไม่ส่ง")
    p.add_argument("--pdf", metavar="FILE", help="พิมพ์สรุปรวมเป็น PDF (ตารางสรุป ตามด้วยรายงานของแต่ละหน่วยงาน)")
    p.add_argument("--progress", action="store_true", help="แสดงความคืบหน้าทาง stderr")
    conflict_options(p)
    p = add("history", cmd_history, "ประวัติการแก้ไขของรายงาน: เมื่อไร ใคร แก้อะไร ค่าเดิมและค่าใหม่")
    p.add_argument("id", type=_report_id)
    p.add_argument("--entry", type=int, metavar="ENTRY_ID", help="เฉพาะรายการนี้")
    p.add_argument("--json", action="store_true", help="แสดงเป็น JSON")

    p = add("offices", cmd_offices,
            "จำคำตอบเรื่องชื่อหน่วยงาน: ชื่อที่หน่วยงานเขียนมาเป็น (same) หรือไม่เป็น (different) "
            "หน่วยงานในรายชื่อ; forget ลบคำตอบ; list แสดงคำตอบทั้งหมด")
    p.add_argument("action", choices=["same", "different", "forget", "list"])
    p.add_argument("alias", nargs="?", help="ชื่อตามที่หน่วยงานเขียนมาในแพ็กเกจ")
    p.add_argument("office", nargs="?", help="ชื่อหน่วยงานในรายชื่อที่ต้องส่ง")
    p.add_argument("--json", action="store_true", help="list: แสดงเป็น JSON")
    p = add("xlsx", cmd_spreadsheet, "เขียนรายงานเป็นไฟล์ Excel (.xlsx)")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .xlsx ปลายทาง")
    p = add("csv", cmd_spreadsheet, "เขียนรายการของรายงานเป็นไฟล์ CSV (UTF-8 มี BOM เปิดใน Excel ได้)")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .csv ปลายทาง")

    p = add("revisions", cmd_revisions,
            "ฉบับเดิมที่ถูกแทนที่เมื่อนำเข้าแพ็กเกจ: ita revisions [หมายเลขรายงาน] แสดงรายการ, "
            "ita revisions diff N แสดงสิ่งที่เปลี่ยน, ita revisions restore N นำฉบับเดิมกลับมา")
    p.add_argument("words", nargs="*", metavar="[diff|restore] N")

    p = sub.add_parser("backup", help="สำเนาสำรองของฐานข้อมูล (สร้าง ดูรายการ กู้คืน)")
    backup_sub = p.add_subparsers(dest="backup_command", required=True, metavar="ACTION")

    def backup_action(name: str, func: Callable[[argparse.Namespace], int], help_: str
                      ) -> argparse.ArgumentParser:
        q = backup_sub.add_parser(name, parents=[common], help=help_, description=help_)
        q.add_argument("-o", "--output", metavar="DIR",
                       help="โฟลเดอร์สำเนาสำรอง (ค่าเริ่มต้น: ที่ตั้งไว้ในโปรแกรม)")
        q.set_defaults(func=func)
        return q

    backup_action("create", cmd_backup_create, "สร้างสำเนาสำรองของฐานข้อมูลตอนนี้ (ตรวจความถูกต้องก่อนเก็บ)")
    q = backup_action("list", cmd_backup_list, "แสดงสำเนาสำรอง (วันที่ ขนาด รายงานในแต่ละไฟล์)")
    q.add_argument("--json", action="store_true", help="แสดงเป็น JSON")
    q = backup_action("restore", cmd_backup_restore,
                      "กู้คืนทั้งฐานข้อมูลหรือรายงานเดียวจากสำเนาสำรอง (สำรองข้อมูลปัจจุบันไว้ก่อน)")
    q.add_argument("backup", metavar="BACKUP", help="ไฟล์สำเนาสำรอง (หรือชื่อไฟล์ในโฟลเดอร์สำเนาสำรอง)")
    q.add_argument("--report", metavar="ID",
                   help="กู้คืนเฉพาะรายงานนี้ (หมายเลขหรือ uuid ในสำเนาสำรอง) รายงานอื่นไม่เปลี่ยน")
    q.add_argument("--yes", action="store_true", help="ไม่ต้องถามยืนยัน")
    p = add("check", cmd_check, "ตรวจความถูกต้องของฐานข้อมูล (ไม่เขียนอะไรลงไฟล์); 0 = ปกติ, 1 = เสียหาย")
    p.add_argument("--full", action="store_true",
                   help="ตรวจละเอียด: ทุกหน้าของฐานข้อมูลและภาพทุกภาพ (ช้ากว่า)")

    from .cli_scores import add_parsers as add_score_parsers

    add_score_parsers(sub, common, _report_id)

    p = sub.add_parser("forms", help="กรอบการประเมิน (ไฟล์ forms/*.yaml)")
    forms_sub = p.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    q = forms_sub.add_parser("list", help="แสดงกรอบการประเมินที่มี")
    q.set_defaults(func=cmd_forms_list)
    q = forms_sub.add_parser("add", help="ตรวจและเพิ่ม/แทนที่ไฟล์กรอบการประเมิน")
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_forms_add)
    q = forms_sub.add_parser("check", help="ตรวจไฟล์กรอบการประเมินโดยไม่ติดตั้ง")
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_forms_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Thai on Windows consoles and pipes
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.func is not cmd_self_test:
            paths.check_install()  # a missing font or form is an error, never a silent fallback
        return args.func(args)
    except ItaError as exc:
        _line(f"ผิดพลาด: {exc.text()}", file=sys.stderr)
        if exc.english:
            _line(f"error: {exc.english}", file=sys.stderr)
        _offer_backup(exc, args)
        return EXIT_REFUSED
    except (sqlite3.Error, OSError) as exc:  # never a traceback: the real cause and the fix
        err = classify(exc, getattr(args, "db", None))
        _line(f"ผิดพลาด: {err.text()}", file=sys.stderr)
        if err.english:
            _line(f"error: {err.english}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
