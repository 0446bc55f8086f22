"""``ita``: the command line over the core (no Qt) for tests, benchmarks and batch work.

Every command takes ``--db PATH`` (default: the user's database). Errors go to stderr in Thai
(with English after) and exit non-zero; a refused command writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .core import forms, paths, thai
from .core.errors import ItaError
from .core.store import Store

EXIT_REFUSED = 1
EXIT_USAGE = 2


def _open(args: argparse.Namespace) -> Store:
    return Store.open(args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import create_demo

    with _open(args) as store:
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
        print(f"{r.id}\t{r.agency}\tปีงบประมาณ {r.fiscal_year}\t{r.round.title('arabic')}\t"
              f"{status}\t{r.entry_count} รายการ\t{r.photo_count} ภาพ\t{r.updated_at}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from .core.interchange import read_report_file

    with _open(args) as store:
        report, photos = read_report_file(args.file, known_photo=store.has_photo)
        if store.find_report_id(report.uuid) is not None:
            raise ItaError("มีรายงานนี้ (uuid เดียวกัน) ในฐานข้อมูลแล้ว — ลบ “uuid” ออกจากไฟล์ "
                           "เพื่อสร้างเป็นรายงานใหม่", where=str(args.file))
        print(store.create_report(report, photos))
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from .core.interchange import dump_report

    with _open(args) as store:
        report = store.get_report(args.id)
        relative_to = Path(args.output).parent if args.output else Path.cwd()
        text = dump_report(report, store, photos_dir=args.photos, relative_to=relative_to)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .core.forms import try_load_framework
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
    from .core.framework import load_framework_file

    framework = load_framework_file(args.file)
    print(f"{framework.id}: ถูกต้อง ({sum(1 for _ in framework.items())} ข้อ)")
    return 0


# ------------------------------------------------------------------ packages and spreadsheets
def _save(path: Path, data: bytes) -> None:
    """Write atomically; a folder that does not exist or a locked file is a refusal."""
    try:
        _write_atomically(path, data)
    except OSError as exc:
        raise ItaError(f"บันทึกไฟล์ไม่ได้ ({exc.strerror or exc}) — ตรวจว่าโฟลเดอร์มีอยู่ "
                       "และไฟล์ไม่ได้เปิดค้างในโปรแกรมอื่น", where=str(path),
                       english=f"cannot write the file: {exc}") from None


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
            print(f"{result.path}\t{result.report_id}\t{result.message}")
            continue
        failed += 1
        hint = _CONFLICT_HINT if result.status == "conflict" else ""
        print(f"ผิดพลาด: {result.path}: {result.message}{hint}", file=sys.stderr)
        if result.english:
            print(f"error: {result.english}", file=sys.stderr)
    return failed


def cmd_import(args: argparse.Namespace) -> int:
    from .core.package.consolidate import import_many

    with _open(args) as store:
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

    with _open(args) as store:
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
    sent, missing = len(summary.sent), len(summary.missing)
    note = f"; ยังไม่ส่ง {missing} หน่วยงาน" if expected is not None else ""
    print(f"{args.output}\tส่งแล้ว {sent} หน่วยงาน{note}; ไม่นำเข้า {failed} ไฟล์")
    return EXIT_REFUSED if failed else 0


def cmd_spreadsheet(args: argparse.Namespace) -> int:
    """``ita xlsx`` and ``ita csv``: one report as a spreadsheet file."""
    from .core.spreadsheet import report_csv, report_xlsx

    write = report_xlsx if args.command == "xlsx" else report_csv
    with _open(args) as store:
        data = write(store.get_report(args.id))
    _save(Path(args.output), data)
    print(args.output)
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target then rename: a failure never leaves half a file behind."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


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
    p = add("xlsx", cmd_spreadsheet, "เขียนรายงานเป็นไฟล์ Excel (.xlsx)")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .xlsx ปลายทาง")
    p = add("csv", cmd_spreadsheet, "เขียนรายการของรายงานเป็นไฟล์ CSV (UTF-8 มี BOM เปิดใน Excel ได้)")
    p.add_argument("id", type=_report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .csv ปลายทาง")

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
        print(f"ผิดพลาด: {exc.text()}", file=sys.stderr)
        if exc.english:
            print(f"error: {exc.english}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
