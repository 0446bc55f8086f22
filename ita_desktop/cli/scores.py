"""``ita scores import|list`` and ``ita entries add-below-pass``: the result sheet on the
command line (registered in ``cli.build_parser``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.report.model import format_score
from ..core.text import thai
from .common import open_db


def cmd_scores_import(args: argparse.Namespace) -> int:
    from ..core.framework.catalog import load_framework
    from ..core.scores.sheet_import import as_values, plan, read_file

    with open_db(args) as store:
        report = store.get_report(args.id)
        rows = read_file(args.file, load_framework(report.framework))  # refuses before writing
        changes = plan(report.scores, rows)
        for c in changes:
            old = format_score(c.old) or "-"
            new = format_score(c.new) or "(ลบ)"
            print(f"{c.label}\t{old}\t→\t{new}")
        if not changes:
            print("ไม่มีคะแนนที่เปลี่ยน")
        elif args.dry_run:
            print(f"จะเปลี่ยน {len(changes)} คะแนน (ยังไม่บันทึก: --dry-run)")
        else:
            store.set_scores(args.id, as_values(changes),
                             origin=f"imported:{Path(args.file).name}")
            print(f"บันทึก {len(changes)} คะแนน")
    return 0


def cmd_scores_list(args: argparse.Namespace) -> int:
    from ..core.framework.catalog import load_framework
    from ..core.report.below_pass import item_statuses

    with open_db(args) as store:
        report = store.get_report(args.id)
    statuses = item_statuses(report, load_framework(report.framework))
    if args.json:
        print(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=2))
        return 0
    for s in statuses:
        flag = "ต่ำกว่าเกณฑ์" if s.below_pass else ""
        entry = "มีรายการ" if s.has_entry else ""
        print(f"{s.item.upper()}\t{s.instrument}\t{s.indicator}\t{format_score(s.score) or '-'}"
              f"\t{flag}\t{entry}".rstrip())
    sheet = report.scores
    for code, score in sheet.instruments.items():
        print(f"{code}\t{format_score(score)}")
    if sheet.overall is not None:
        print(f"ITA\t{format_score(sheet.overall)}")
    return 0


def cmd_add_below_pass(args: argparse.Namespace) -> int:

    with open_db(args) as store:
        change = store.add_below_pass_entries(args.id)
        added = [store.get_entry(i) for i in change.ids]
    for entry in added:
        print(f"{entry.id}\t{entry.code_label}\t{format_score(entry.score)}")
    print(f"เพิ่ม {thai.digits(len(added), 'arabic')} รายการ")
    return 0
