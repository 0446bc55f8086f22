"""The consolidation as a workbook: office × entry rows (ready for a pivot table), the
offices that sent and those missing, and a matrix of scores per office and item."""

from __future__ import annotations

from typing import Any

from ..exchange.spreadsheet import Sheet, entries_sheet, xlsx_bytes
from ..report.optional_columns import STATUS_VALUES
from .consolidate import FileResult, Summary

STATE = {"sent": "ส่งแล้ว", "missing": "ยังไม่ส่ง", "unexpected": "ส่งแล้ว (ไม่อยู่ในรายชื่อ)"}
OFFICE_HEADERS = ("หน่วยงาน", "สถานะการส่ง", "ปีงบประมาณ", "รอบ", "ฉบับที่", "สถานะรายงาน",
                  "จำนวนรายการ", "จำนวนภาพ", "รายการที่ยังไม่มีผลการดำเนินการ", "คะแนนเฉลี่ย")
# entries per status of the optional "status" column (optional_columns.STATUS_VALUES order)
STATUS_HEADERS = (*(f"รายการ{s}" for s in STATUS_VALUES), "รายการไม่ระบุสถานะ")
FILE_HEADERS = ("ไฟล์", "ผล", "ข้อความ", "หน่วยงาน")
FILE_STATE = {"imported": "นำเข้าแล้ว", "replaced": "นำเข้าแทนฉบับเดิม", "unchanged": "มีอยู่แล้ว",
              "conflict": "ซ้ำกับรายงานอื่น (ยังไม่นำเข้า)", "refused": "ไม่นำเข้า"}


def summary_xlsx(summary: Summary, files: list[FileResult] | None = None) -> bytes:
    offices = [[o.agency, STATE[o.state], o.fiscal_year, o.round_title, o.revision,
                None if o.final is None else ("ฉบับสมบูรณ์" if o.final else "ฉบับร่าง"),
                o.entries if o.state != "missing" else None,
                o.photos if o.state != "missing" else None,
                o.without_result if o.state != "missing" else None,
                None if o.mean_score is None else float(o.mean_score)]
               for o in summary.offices]
    headers, widths = OFFICE_HEADERS, (30, 22, 10, 16, 8, 12, 11, 9, 16, 11)
    if any(o.status_counts is not None for o in summary.offices):  # the status column is used
        headers += STATUS_HEADERS
        widths += (12,) * len(STATUS_HEADERS)
        for row, office in zip(offices, summary.offices, strict=True):
            row.extend(office.status_counts or (None,) * len(STATUS_HEADERS))
    sheets = [entries_sheet(summary.rows, "รายการ"),
              Sheet("หน่วยงาน", headers, offices, widths,
                    number_formats={"คะแนนเฉลี่ย": "0.00"}),
              _matrix(summary)]
    if files is not None:
        sheets.append(Sheet("ไฟล์ที่นำเข้า", FILE_HEADERS,
                            [[f.path.name, FILE_STATE[f.status], f.message, f.agency or ""]
                             for f in files], (40, 22, 80, 30), wrap={"ข้อความ"}))
    return xlsx_bytes(sheets)


def _matrix(summary: Summary) -> Sheet:
    headers = ["หน่วยงาน", *(c.code for c in summary.items)]
    rows: list[list[Any]] = []
    for office in summary.sent:
        scores = summary.scores.get(office.agency, {})
        rows.append([office.agency, *(None if scores.get(c.code) is None
                                      else float(scores[c.code])  # type: ignore[arg-type]
                                      for c in summary.items)])
    formats = {c.code: "0.00" for c in summary.items}
    return Sheet("คะแนนรายข้อ", headers, rows, (30, *([10] * len(summary.items))),
                 number_formats=formats)
