"""``ita export``, ``ita import``, ``ita consolidate``, ``ita offices``, ``ita revisions``:
.itapkg packages between offices and what an import replaced."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.base.errors import ItaError
from ..core.text import thai
from .common import EXIT_REFUSED, line, megabytes, open_db, save, without_path


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.package import EMAIL_LIMIT_BYTES, Recompress, build_package

    with open_db(args) as store:
        built = build_package(store, args.id, pdf=not args.no_pdf,
                              recompress=Recompress() if args.recompress else None)
    target = Path(args.output)
    if target.is_dir():
        target = target / built.file_name
    save(target, built.data)
    print(f"{target}\t{megabytes(built.size)}")
    if built.over_email_limit:
        hint = "" if args.recompress else " — ส่งออกใหม่พร้อม --recompress เพื่อย่อภาพให้ไฟล์เล็กลง"
        print(f"คำเตือน: ไฟล์ใหญ่กว่า {megabytes(EMAIL_LIMIT_BYTES)} ซึ่งอีเมลทั่วไปอาจส่งไม่ได้{hint}",
              file=sys.stderr)
    return 0


def _on_conflict(args: argparse.Namespace) -> str:
    return "replace" if args.replace else "keep-both" if args.keep_both else "ask"


_CONFLICT_HINT = " — ใส่ --replace เพื่อแทนที่ฉบับเดิม หรือ --keep-both เพื่อเก็บไว้ทั้งสองฉบับ"


def _print_results(results: list) -> int:
    failed = 0
    for result in results:
        if result.ok:
            line(result.path, result.report_id, result.message)
            continue
        failed += 1
        hint = _CONFLICT_HINT if result.status == "conflict" else ""
        line(f"ผิดพลาด: {result.path}: {without_path(result.path, result.message)}{hint}",
             file=sys.stderr)
        if result.english:
            line(f"error: {result.english}", file=sys.stderr)
    return failed


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.package.consolidate import import_many

    with open_db(args, write=True) as store:
        results = import_many(store, args.files, on_conflict=_on_conflict(args))
    return EXIT_REFUSED if _print_results(results) else 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    from ..core.package.consolidate import import_many, package_files, read_expected, summarize
    from ..core.package.summary_xlsx import summary_xlsx

    expected = read_expected(args.expected) if args.expected else None
    files = package_files(args.inputs)
    if not files:
        raise ItaError("ไม่พบไฟล์แพ็กเกจ (.itapkg) ในที่ที่ระบุ — ตรวจชื่อไฟล์หรือโฟลเดอร์",
                       english="no package files found")

    def progress(done: int, total: int, path: Path) -> None:
        print(f"[{done}/{total}] {path.name}", file=sys.stderr)

    with open_db(args, write=True) as store:
        results = import_many(store, files, on_conflict=_on_conflict(args),
                              progress=progress if args.progress else None)
        failed = _print_results(results)
        summary = summarize(store, [r.report_id for r in results if r.ok and r.report_id],
                            expected)
        workbook = summary_xlsx(summary, results)
        pdf = None
        if args.pdf:
            from ..core.package.summary_pdf import summary_pdf

            pdf = summary_pdf(summary, store)
    save(Path(args.output), workbook)
    if pdf is not None:
        save(Path(args.pdf), pdf)
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
    from ..core.package import office_match

    with open_db(args) as store:
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


def cmd_revisions(args: argparse.Namespace) -> int:
    """``ita revisions [ID]``: replaced reports (of report ID, or all);
    ``ita revisions diff HID``: what changed since; ``ita revisions restore HID``: put it back."""
    from ..core.workflow import revisions

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
    with open_db(args, write=action == "restore") as store:
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
                line(diff.where, diff.before, "→", diff.after)
            return 0
        rows = revisions.history(store, number)
    if not rows:
        print("ไม่มีฉบับเดิมที่ถูกแทนที่")
    for row in rows:
        line(row.id, row.agency, f"ฉบับที่ {row.revision}", row.replaced_at, row.reason)
    return 0
