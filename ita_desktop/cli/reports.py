"""``ita demo``, ``ita list``, ``ita load``, ``ita dump``: reports in and out of the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.base.errors import ItaError
from .common import line, open_db, save


def cmd_demo(args: argparse.Namespace) -> int:
    from ..core.workflow.demo import create_demo

    with open_db(args, write=True) as store:
        print(create_demo(store))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_db(args) as store:
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
        line(r.id, r.agency, f"ปีงบประมาณ {r.fiscal_year}", r.round.title("arabic"), status,
              f"{r.entry_count} รายการ", f"{r.photo_count} ภาพ", r.updated_at)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from ..core.exchange.report_json import read_report_file

    with open_db(args, write=True) as store:
        report, photos = read_report_file(args.file, known_photo=store.has_photo)
        if store.find_report_id(report.uuid) is not None:
            raise ItaError("มีรายงานนี้ (uuid เดียวกัน) ในฐานข้อมูลแล้ว — ลบ “uuid” ออกจากไฟล์ "
                           "เพื่อสร้างเป็นรายงานใหม่", where=str(args.file))
        print(store.create_report(report, photos))
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from ..core.exchange.report_json import dump_report

    with open_db(args) as store:
        report = store.get_report(args.id)
        relative_to = Path(args.output).parent if args.output else Path.cwd()
        text = dump_report(report, store, photos_dir=args.photos, relative_to=relative_to)
    if args.output:
        save(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
