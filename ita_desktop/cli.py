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
from .core import forms, thai
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
    _write_atomically(Path(args.output), pdf)
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
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="ไฟล์ฐานข้อมูล (ค่าเริ่มต้น: ของผู้ใช้)")
    parser = argparse.ArgumentParser(
        prog="ita", description="ITA Desktop — รายงานผลการดำเนินการตามมาตรการ ITA (command line)")
    parser.add_argument("--version", action="version", version=f"ita {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str
            ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

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
