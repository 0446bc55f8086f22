"""``ita``: the command line over the core (no Qt) for tests, benchmarks and batch work.

Every command takes ``--db PATH`` (default: the user's database). Errors go to stderr in Thai
(with English after) and exit non-zero; a refused command writes nothing.

This module only builds the parser: each command names its handler as ``"module:function"``
in this package, and that command group (and the core modules it needs) is imported only when
the command runs, so ``ita --help`` or ``ita list`` does not load the renderer or the packages.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..core.base import paths
from ..core.base.errors import ItaError
from .common import EXIT_REFUSED, EXIT_USAGE, line, offer_backup, print_error, report_id

__all__ = ["EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main"]


def _handler(spec: str) -> Callable[[argparse.Namespace], int]:
    """``"packages:cmd_export"`` → the function, its command group imported now."""
    module, name = spec.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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

    def add(name: str, func: str, help_: str
            ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("self-test", "selftest:cmd_self_test",
        "ตรวจว่าโปรแกรมที่ติดตั้งทำงานได้ครบ (ฟอร์ม ฟอนต์ไทย PDF คำแปล) — ไม่ใช้เครือข่าย")
    add("demo", "reports:cmd_demo", "สร้างรายงานตัวอย่าง (สำนักงานเขตปทุมวัน ๒๕๖๗ รอบ ๖ เดือน); พิมพ์หมายเลขรายงาน")
    p = add("list", "reports:cmd_list", "แสดงรายงานในฐานข้อมูล")
    p.add_argument("--json", action="store_true", help="แสดงเป็น JSON")
    p = add("load", "reports:cmd_load", "สร้างรายงานจากไฟล์ JSON (ita-report/1); พิมพ์หมายเลขรายงาน")
    p.add_argument("file", type=Path)
    p = add("dump", "reports:cmd_dump", "เขียนรายงานเป็น JSON (ita-report/1)")
    p.add_argument("id", type=report_id)
    p.add_argument("-o", "--output", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: stdout)")
    p.add_argument("--photos", metavar="DIR", help="เขียนไฟล์ภาพลงโฟลเดอร์นี้และอ้างถึงในไฟล์")
    p = add("render", "render:cmd_render", "พิมพ์รายงานเป็น PDF")
    p.add_argument("id", type=report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ PDF ปลายทาง")
    p.add_argument("--digits", choices=["thai", "arabic"], help="ตัวเลขไทยหรืออารบิก")

    p = add("export", "packages:cmd_export", "ส่งออกรายงานเป็นแพ็กเกจ .itapkg (ข้อมูล ภาพ และ PDF) เพื่อส่งหน่วยงานต้นสังกัด")
    p.add_argument("id", type=report_id)
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

    p = add("import", "packages:cmd_import", "นำเข้าแพ็กเกจ .itapkg (ตรวจทั้งไฟล์ก่อน นำเข้าทั้งหมดหรือไม่นำเข้าเลย)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    conflict_options(p)
    p = add("consolidate", "packages:cmd_consolidate",
            "นำเข้าแพ็กเกจหลายไฟล์ (หรือทั้งโฟลเดอร์) แล้วสรุปเป็นไฟล์ .xlsx สำหรับหน่วยงานต้นสังกัด")
    p.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("-o", "--output", required=True, help="ไฟล์สรุป .xlsx ปลายทาง")
    p.add_argument("--expected", type=Path, metavar="FILE",
                   help="ไฟล์รายชื่อหน่วยงานที่ต้องส่ง (บรรทัดละหนึ่งชื่อ) เพื่อดูว่าใครยังไม่ส่ง")
    p.add_argument("--pdf", metavar="FILE", help="พิมพ์สรุปรวมเป็น PDF (ตารางสรุป ตามด้วยรายงานของแต่ละหน่วยงาน)")
    p.add_argument("--progress", action="store_true", help="แสดงความคืบหน้าทาง stderr")
    conflict_options(p)
    p = add("history", "backups:cmd_history", "ประวัติการแก้ไขของรายงาน: เมื่อไร ใคร แก้อะไร ค่าเดิมและค่าใหม่")
    p.add_argument("id", type=report_id)
    p.add_argument("--entry", type=int, metavar="ENTRY_ID", help="เฉพาะรายการนี้")
    p.add_argument("--json", action="store_true", help="แสดงเป็น JSON")

    p = add("offices", "packages:cmd_offices",
            "จำคำตอบเรื่องชื่อหน่วยงาน: ชื่อที่หน่วยงานเขียนมาเป็น (same) หรือไม่เป็น (different) "
            "หน่วยงานในรายชื่อ; forget ลบคำตอบ; list แสดงคำตอบทั้งหมด")
    p.add_argument("action", choices=["same", "different", "forget", "list"])
    p.add_argument("alias", nargs="?", help="ชื่อตามที่หน่วยงานเขียนมาในแพ็กเกจ")
    p.add_argument("office", nargs="?", help="ชื่อหน่วยงานในรายชื่อที่ต้องส่ง")
    p.add_argument("--json", action="store_true", help="list: แสดงเป็น JSON")
    p = add("xlsx", "render:cmd_spreadsheet", "เขียนรายงานเป็นไฟล์ Excel (.xlsx)")
    p.add_argument("id", type=report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .xlsx ปลายทาง")
    p = add("csv", "render:cmd_spreadsheet", "เขียนรายการของรายงานเป็นไฟล์ CSV (UTF-8 มี BOM เปิดใน Excel ได้)")
    p.add_argument("id", type=report_id)
    p.add_argument("-o", "--output", required=True, help="ไฟล์ .csv ปลายทาง")

    p = add("revisions", "packages:cmd_revisions",
            "ฉบับเดิมที่ถูกแทนที่เมื่อนำเข้าแพ็กเกจ: ita revisions [หมายเลขรายงาน] แสดงรายการ, "
            "ita revisions diff N แสดงสิ่งที่เปลี่ยน, ita revisions restore N นำฉบับเดิมกลับมา")
    p.add_argument("words", nargs="*", metavar="[diff|restore] N")

    p = add("reframe", "reframe:cmd_reframe",
            "ย้ายรายงานไปกรอบการประเมินฉบับใหม่ แสดงก่อนว่าแต่ละรายการจะเป็นอย่างไร "
            "ข้อที่ไม่มีในกรอบใหม่ไม่ถูกลบถ้าไม่สั่ง")
    p.add_argument("id", type=report_id, metavar="REPORT_ID")
    p.add_argument("--to", required=True, metavar="FRAMEWORK_ID", help="กรอบใหม่ เช่น ita-2570.2")
    p.add_argument("--dry-run", action="store_true", help="แสดงสิ่งที่จะเกิดขึ้นโดยไม่ย้าย")
    p.add_argument("--keep-gone", action="store_true",
                   help="เก็บรายการของข้อที่ไม่มีในกรอบใหม่ไว้เป็นรายการที่ตั้งชื่อเอง (ข้อมูลครบ)")
    p.add_argument("--map", action="append", metavar="OLD=NEW",
                   help="ย้ายรายการและคะแนนของข้อที่ไม่มีในกรอบใหม่ไปข้ออื่น เช่น O27=O26 (ซ้ำได้)")
    p.add_argument("--drop-gone", action="store_true",
                   help="ลบรายการและคะแนนของข้อที่ไม่มีในกรอบใหม่ที่เหลือ (ประวัติเก็บเนื้อหาไว้)")

    p = sub.add_parser("backup", help="สำเนาสำรองของฐานข้อมูล (สร้าง ดูรายการ กู้คืน)")
    backup_sub = p.add_subparsers(dest="backup_command", required=True, metavar="ACTION")

    def backup_action(name: str, func: str, help_: str
                      ) -> argparse.ArgumentParser:
        q = backup_sub.add_parser(name, parents=[common], help=help_, description=help_)
        q.add_argument("-o", "--output", metavar="DIR",
                       help="โฟลเดอร์สำเนาสำรอง (ค่าเริ่มต้น: ที่ตั้งไว้ในโปรแกรม)")
        q.set_defaults(func=func)
        return q

    backup_action("create", "backups:cmd_backup_create", "สร้างสำเนาสำรองของฐานข้อมูลตอนนี้ (ตรวจความถูกต้องก่อนเก็บ)")
    q = backup_action("list", "backups:cmd_backup_list", "แสดงสำเนาสำรอง (วันที่ ขนาด รายงานในแต่ละไฟล์)")
    q.add_argument("--json", action="store_true", help="แสดงเป็น JSON")
    q = backup_action("restore", "backups:cmd_backup_restore",
                      "กู้คืนทั้งฐานข้อมูลหรือรายงานเดียวจากสำเนาสำรอง (สำรองข้อมูลปัจจุบันไว้ก่อน)")
    q.add_argument("backup", metavar="BACKUP", help="ไฟล์สำเนาสำรอง (หรือชื่อไฟล์ในโฟลเดอร์สำเนาสำรอง)")
    q.add_argument("--report", metavar="ID",
                   help="กู้คืนเฉพาะรายงานนี้ (หมายเลขหรือ uuid ในสำเนาสำรอง) รายงานอื่นไม่เปลี่ยน")
    q.add_argument("--yes", action="store_true", help="ไม่ต้องถามยืนยัน")
    p = add("check", "backups:cmd_check", "ตรวจความถูกต้องของฐานข้อมูล (ไม่เขียนอะไรลงไฟล์); 0 = ปกติ, 1 = เสียหาย")
    p.add_argument("--full", action="store_true",
                   help="ตรวจละเอียด: ทุกหน้าของฐานข้อมูลและภาพทุกภาพ (ช้ากว่า)")

    p = sub.add_parser("scores", help="ผลการประเมิน (คะแนนทุกข้อของกรอบการประเมิน)")
    scores = p.add_subparsers(dest="scores_command", required=True, metavar="ACTION")
    q = scores.add_parser("import", parents=[common],
                          help="นำเข้าคะแนนจากไฟล์ .xlsx .csv หรือ .tsv (คอลัมน์รหัสข้อและคะแนน "
                               "แถวแรกเป็นหัวตารางได้) ตรวจทั้งไฟล์ก่อน ผิดแถวเดียวไม่บันทึกเลย")
    q.add_argument("id", type=report_id)
    q.add_argument("file", type=Path)
    q.add_argument("--dry-run", action="store_true", help="แสดงสิ่งที่จะเปลี่ยนโดยไม่บันทึก")
    q.set_defaults(func="scores:cmd_scores_import")
    q = scores.add_parser("list", parents=[common], help="แสดงคะแนนทุกข้อของกรอบการประเมิน")
    q.add_argument("id", type=report_id)
    q.add_argument("--json", action="store_true",
                   help="เป็น JSON: item, instrument, indicator, score, below_pass, has_entry")
    q.set_defaults(func="scores:cmd_scores_list")

    p = sub.add_parser("entries", help="รายการของรายงาน")
    entries = p.add_subparsers(dest="entries_command", required=True, metavar="ACTION")
    q = entries.add_parser("add-below-pass", parents=[common],
                           help="เพิ่มรายการให้ทุกข้อที่คะแนนต่ำกว่าเกณฑ์ผ่านและยังไม่มีรายการ "
                                "(ทำซ้ำได้ ไม่เพิ่มซ้ำ)")
    q.add_argument("id", type=report_id)
    q.set_defaults(func="scores:cmd_add_below_pass")

    p = sub.add_parser("forms", help="กรอบการประเมิน (ไฟล์ forms/*.yaml)")
    forms_sub = p.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    q = forms_sub.add_parser("list", help="แสดงกรอบการประเมินที่มี")
    q.set_defaults(func="forms:cmd_forms_list")
    q = forms_sub.add_parser("add", parents=[common],
                             help="ตรวจและเพิ่มไฟล์กรอบการประเมิน (เหมือน import)")
    q.add_argument("file", type=Path)
    q.set_defaults(func="forms:cmd_forms_add")
    q = forms_sub.add_parser("check", help="ตรวจไฟล์กรอบการประเมิน (.yaml หรือ .itaform) "
                                           "โดยไม่ติดตั้ง")
    q.add_argument("file", type=Path)
    q.set_defaults(func="forms:cmd_forms_check")
    q = forms_sub.add_parser("import", parents=[common],
                             help="ตรวจและติดตั้งไฟล์กรอบการประเมินจากหน่วยงานต้นสังกัด (.itaform "
                                  "หรือ .yaml); กรอบที่รายงานใช้อยู่จะไม่ถูกเปลี่ยน "
                                  "ติดตั้งเป็นฉบับใหม่แทน")
    q.add_argument("file", type=Path)
    q.set_defaults(func="forms:cmd_forms_import")
    q = forms_sub.add_parser("export", help="ส่งออกกรอบการประเมินเป็นไฟล์ .itaform "
                                            "เพื่อส่งให้หน่วยงานในสังกัด")
    q.add_argument("id", help="รหัสกรอบ เช่น ita-2569")
    q.add_argument("-o", "--output", type=Path, required=True)
    q.set_defaults(func="forms:cmd_forms_export")
    q = forms_sub.add_parser("new", help="เริ่มกรอบการประเมินของปีใหม่จากกรอบที่มีอยู่ "
                                         "(ทุกข้อยังไม่ยืนยัน)")
    q.add_argument("--from", dest="source", required=True, help="กรอบต้นแบบ เช่น ita-2569")
    q.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2570")
    q.add_argument("--id", default=None, help="รหัสกรอบใหม่ (ค่าเริ่มต้น ita-ปี)")
    q.add_argument("-o", "--output", type=Path, required=True, help=".yaml หรือ .itaform")
    q.set_defaults(func="forms:cmd_forms_new")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Thai on Windows consoles and pipes
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.func != "selftest:cmd_self_test":
            paths.check_install()  # a missing font or form is an error, never a silent fallback
        return _handler(args.func)(args)
    except ItaError as exc:
        print_error(exc)
        offer_backup(exc, args)
        return EXIT_REFUSED
    except (sqlite3.Error, OSError) as exc:  # never a traceback: the real cause and the fix
        from ..core.store.failures import classify

        err = classify(exc, getattr(args, "db", None))
        line(f"ผิดพลาด: {err.text()}", file=sys.stderr)
        if err.english:
            line(f"error: {err.english}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
