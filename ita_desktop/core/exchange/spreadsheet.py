"""One report (or many) as a table for Excel: ``.xlsx`` (openpyxl) and CSV with a byte-order
mark so Excel opens Thai text correctly.

One row per entry, with the office, year and round on every row, so the sheet is ready for a
pivot table and the rows of many offices can simply be stacked (see ``package.consolidate``).
Text is always written as text: a cell typed ``=SUM(...)`` is never turned into a formula.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..framework.catalog import try_load_framework
from ..framework.definition import Framework
from ..report.model import Report
from ..text.safety import clean_text

HEADERS: tuple[str, ...] = (
    "หน่วยงาน", "สังกัด", "ปีงบประมาณ", "รอบ", "ลำดับ", "แบบวัด", "ตัวชี้วัด", "ชื่อตัวชี้วัด",
    "ข้อ", "ข้อคำถาม/รายการ", "คะแนน", "ประเด็นที่ต้องพัฒนา", "มาตรการ", "จำนวนมาตรการ",
    "ผลการดำเนินการ", "มีผลการดำเนินการ", "จำนวนภาพ", "คำบรรยายภาพ")
WIDTHS: tuple[int, ...] = (24, 16, 10, 16, 7, 8, 9, 30, 10, 50, 9, 40, 50, 10, 50, 12, 9, 30)
YES, NO = "มี", "ไม่มี"
_TEXT_WRAP = {"ข้อคำถาม/รายการ", "ประเด็นที่ต้องพัฒนา", "มาตรการ", "ผลการดำเนินการ",
              "คำบรรยายภาพ", "ชื่อตัวชี้วัด"}


def entry_rows(report: Report, framework: Framework | None = None) -> list[list[Any]]:
    """The report's entries as rows under ``HEADERS`` (numbers as numbers, not text)."""
    framework = framework or try_load_framework(report.framework)
    rows = []
    for number, entry in enumerate(report.entries, start=1):
        indicator = framework.indicator(entry.indicator) if framework else None
        measures = [m for m in entry.measures if m.strip()]
        rows.append([
            report.agency, report.parent, report.fiscal_year, report.round.title("arabic"),
            number, entry.instrument, entry.indicator, indicator.name if indicator else "",
            entry.code_label, entry.item_text,
            None if entry.score is None else float(entry.score),
            entry.issue, "\n".join(measures), len(measures), entry.result,
            YES if entry.result.strip() else NO, len(entry.photos),
            "\n".join(p.caption for p in entry.photos if p.caption)])
    return rows


# ------------------------------------------------------------------ xlsx
@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    wrap: set[str] = field(default_factory=set)
    number_formats: dict[str, str] = field(default_factory=dict)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of these sheets: bold frozen heading row, filters on, text kept as text.
    Written row by row (openpyxl's write-only mode): a consolidation of 1,000 offices has
    30,000 rows, which the ordinary mode held in memory as cell objects (hundreds of MB)."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for spec in sheets:
        ws = book.create_sheet(spec.title[:31])
        for c, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = "A2"
        wrap_cols = {i for i, h in enumerate(spec.headers, start=1) if h in spec.wrap}
        formats = {i: spec.number_formats[h] for i, h in enumerate(spec.headers, start=1)
                   if h in spec.number_formats}

        # Each column's style is made once and copied into its cells: assigning a style to a
        # cell hashes it into the workbook's style list, which took a third of the time of a
        # 30,000-row consolidation workbook (openpyxl keeps the style of a cell in ``_style``).
        column_styles: dict[int, Any] = {}

        def column_style(c: int, ws: Any = ws, wrap_cols: set[int] = wrap_cols,
                         formats: dict[int, str] = formats,
                         styles: dict[int, Any] = column_styles) -> Any:
            if c not in styles:
                template = WriteOnlyCell(ws)
                template.alignment = wrap if c in wrap_cols else top
                if c in formats:
                    template.number_format = formats[c]
                styles[c] = template._style
            return styles[c]

        def cell(value: Any, c: int, ws: Any = ws) -> WriteOnlyCell:
            out = WriteOnlyCell(ws)
            out._style = copy.copy(column_style(c))
            return _set_text(out, value)  # text stays text, formulas neutralised

        heading = []
        for name in spec.headers:
            head = _set_text(WriteOnlyCell(ws), name)  # may hold imported item labels
            head.font = bold
            heading.append(head)
        ws.append(heading)
        count, width = 0, max(1, len(spec.headers))
        for row in spec.rows:
            ws.append([cell(value, c) for c, value in enumerate(row, start=1)])
            count, width = count + 1, max(width, len(row))
        if count:
            ws.auto_filter.ref = f"A1:{get_column_letter(width)}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_text(cell: Any, value: Any) -> Any:
    if isinstance(value, str):
        cell.value = clean_text(value)  # openpyxl refuses control characters
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if formula_risk(value):
            # as Excel marks text typed with a leading ': shown as typed, and it stays text
            # when the cell is edited or the sheet is saved as CSV
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def entries_sheet(rows: Iterable[Sequence[Any]], title: str = "รายการ") -> Sheet:
    return Sheet(title, HEADERS, rows, WIDTHS, _TEXT_WRAP, {"คะแนน": "0.00"})


def report_sheet(report: Report) -> Sheet:
    """Report-level fields, one per row (for the clerk's own file)."""
    status = "ฉบับสมบูรณ์" if report.is_final else "ฉบับร่าง"
    fields = [("หน่วยงาน", report.agency), ("สังกัด", report.parent),
              ("ปีงบประมาณ", report.fiscal_year), ("รอบ", report.round.line("arabic")),
              ("กรอบการประเมิน", report.framework), ("ชื่อรายงาน", report.display_title),
              ("สถานะ", status), ("ฉบับที่", report.revision),
              ("ผู้รายงาน", report.preparer.name), ("ตำแหน่งผู้รายงาน", report.preparer.position),
              ("ผู้รับรองข้อมูล", report.certifier.name),
              ("ตำแหน่งผู้รับรองข้อมูล", report.certifier.position),
              ("จำนวนรายการ", len(report.entries)),
              ("จำนวนภาพ", sum(len(e.photos) for e in report.entries))]
    return Sheet("รายงาน", ("หัวข้อ", "ข้อมูล"), fields, (24, 80))


def report_xlsx(report: Report) -> bytes:
    """One report as a workbook: its entries, then its report-level fields."""
    return xlsx_bytes([entries_sheet(entry_rows(report)), report_sheet(report)])


# ------------------------------------------------------------------ csv
# The OWASP rule for CSV injection: a cell whose first character (after leading spaces) is one
# of these is read as a formula by some spreadsheet; full-width forms count (Excel with an East
# Asian input method, LibreOffice's autocorrect).
_RISKY_FIRST = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def formula_risk(value: Any) -> bool:
    """True for text a spreadsheet could run as a formula (numbers are never at risk, nor is
    text that is just a plain number such as "-5")."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return False
    stripped = value.lstrip(" \u00a0\u3000")
    return bool(stripped) and (stripped[0] in _RISKY_FIRST or value[0] in _RISKY_FIRST)


def csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (the OWASP rule;
    Excel itself marks typed text so); numbers and ordinary text are unchanged. Characters that
    cannot be written are replaced (``textsafety.clean_text``)."""
    if isinstance(value, str):
        value = clean_text(value)
        if formula_risk(value):
            return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: what Excel expects."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else csv_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def report_csv(report: Report) -> bytes:
    return csv_bytes(HEADERS, ([f"{v:.2f}" if isinstance(v, float) else v for v in row]
                               for row in entry_rows(report)))
