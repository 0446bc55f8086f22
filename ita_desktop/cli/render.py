"""``ita render``, ``ita xlsx``, ``ita csv``: one report as a PDF or a spreadsheet file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import open_db, save


def cmd_render(args: argparse.Namespace) -> int:
    from ..core.framework.catalog import try_load_framework
    from ..core.render import render_pdf

    with open_db(args) as store:
        report = store.get_report(args.id)
        pdf = render_pdf(report, store, try_load_framework(report.framework), digits=args.digits)
    save(Path(args.output), pdf)
    print(args.output)
    return 0


def cmd_spreadsheet(args: argparse.Namespace) -> int:
    """``ita xlsx`` and ``ita csv``: one report as a spreadsheet file."""
    from ..core.exchange.spreadsheet import report_csv, report_xlsx

    write = report_xlsx if args.command == "xlsx" else report_csv
    with open_db(args) as store:
        data = write(store.get_report(args.id))
    save(Path(args.output), data)
    print(args.output)
    return 0
