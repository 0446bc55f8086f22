"""One report and the consolidation as .xlsx and CSV: read back with openpyxl, and opened by
LibreOffice headless (the converted text must match the data)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ita_desktop.core.exchange.spreadsheet import (
    HEADERS,
    csv_safe,
    entry_rows,
    report_csv,
    report_xlsx,
)
from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.package.consolidate import summarize
from ita_desktop.core.package.summary_xlsx import summary_xlsx
from ita_desktop.core.report.model import Entry
from ita_desktop.core.store import Store

from .conftest import make_report

FORMULA = "=HYPERLINK(\"http://evil\",\"คลิก\")"


@pytest.fixture
def report(source_store: Store):
    report, photos = make_report(entries=5)
    report.entries[0].issue = FORMULA
    report.entries[1].measures = ["- จัดประชุม", "+ติดตาม", "@ทุกคน"]
    report.entries.append(Entry(label="รายการที่ตั้งชื่อเอง", instrument="OIT", indicator=10,
                                issue="ไม่มีรหัสข้อ"))
    return source_store.get_report(source_store.create_report(report, photos))


def _sheet_rows(data: bytes, title: str) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(r) for r in book[title].iter_rows(values_only=True)]


def test_report_xlsx_rows(report) -> None:
    data = report_xlsx(report)
    rows = _sheet_rows(data, "รายการ")
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 1 + len(report.entries)
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["หน่วยงาน"] == "สำนักงานเขตปทุมวัน" and first["ปีงบประมาณ"] == 2567
    assert first["คะแนน"] == pytest.approx(float(report.entries[0].score))
    assert first["ประเด็นที่ต้องพัฒนา"] == FORMULA  # kept as text, not a formula
    second = dict(zip(HEADERS, rows[2], strict=True))
    assert second["คะแนน"] is None and second["จำนวนมาตรการ"] == 3
    assert second["มาตรการ"] == "- จัดประชุม\n+ติดตาม\n@ทุกคน"
    last = dict(zip(HEADERS, rows[-1], strict=True))
    assert last["ข้อ"] == "รายการที่ตั้งชื่อเอง" and last["มีผลการดำเนินการ"] == "ไม่มี"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["รายการ"]["J2"].data_type == "s"
    assert book["รายการ"].freeze_panes == "A2"
    fields = dict(_sheet_rows(data, "รายงาน")[1:])
    assert fields["จำนวนรายการ"] == len(report.entries) and fields["ฉบับที่"] == 1


def test_report_csv_has_bom_and_safe_text(report) -> None:
    data = report_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADERS and len(rows) == 1 + len(report.entries)
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["ประเด็นที่ต้องพัฒนา"] == "'" + FORMULA
    assert first["คะแนน"] == f"{report.entries[0].score:.2f}"
    # OWASP: a leading "-" is a formula to Excel even before a space ("- x" gives #NAME?)
    assert dict(zip(HEADERS, rows[2], strict=True))["มาตรการ"].startswith("'- จัดประชุม")
    assert b"\r\n" in data


def test_csv_safe() -> None:
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("+1") == "'+1" and csv_safe("@a") == "'@a"
    assert csv_safe("-cmd") == "'-cmd" and csv_safe("- ข้อ") == "'- ข้อ" and csv_safe("-5") == "-5"
    assert csv_safe(73.5) == 73.5 and csv_safe("ปกติ") == "ปกติ"


def test_summary_xlsx_sheets(source_store: Store, target: Store) -> None:
    ids = []
    for n, agency in enumerate(["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก"]):
        report, photos = make_report(agency=agency, seed=n)
        data = build_package(source_store, source_store.create_report(report, photos),
                             pdf=False).data
        ids.append(import_package(target, data).report_id)
    summary = summarize(target, ids, ["สำนักงานเขตปทุมวัน", " สำนักงานเขต บางรัก", "สำนักงานเขตสาทร"])
    data = summary_xlsx(summary)
    assert len(_sheet_rows(data, "รายการ")) == 1 + 8
    offices = _sheet_rows(data, "หน่วยงาน")
    assert [(r[0], r[1]) for r in offices[1:]] == [
        # the list's "สำนักงานเขต บางรัก" is the same office (issue 12: names that match)
        ("สำนักงานเขตปทุมวัน", "ส่งแล้ว"), ("สำนักงานเขตบางรัก", "ส่งแล้ว"),
        ("สำนักงานเขตสาทร", "ยังไม่ส่ง")]
    matrix = _sheet_rows(data, "คะแนนรายข้อ")
    assert matrix[0][0] == "หน่วยงาน" and len(matrix) == 3


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_csv(xlsx: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice converts it (UTF-8 CSV, cells as shown)."""
    out = tmp_path / "lo-out"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,"
         "false,-1", "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180)
    sheets = {}
    for path in out.glob("*.csv"):
        sheet = path.stem.removeprefix(xlsx.stem + "-")
        text = path.read_text(encoding="utf-8")
        sheets[sheet] = list(csv.reader(io.StringIO(text, newline="")))
    return sheets


def _shown(value: object, header: str) -> str:
    if value is None:
        return ""
    if header in ("คะแนน", "คะแนนเฉลี่ย") or isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install -y "
                           "libreoffice-calc-nogui")
def test_xlsx_opens_in_libreoffice_and_matches(report, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_xlsx(report))
    sheets = _libreoffice_csv(path, tmp_path)
    rows = sheets["รายการ"]
    assert tuple(rows[0]) == HEADERS
    expected = [[_shown(v, h) for v, h in zip(row, HEADERS, strict=True)]
                for row in entry_rows(report)]
    assert rows[1:] == expected
    assert rows[1][HEADERS.index("ประเด็นที่ต้องพัฒนา")] == FORMULA
    assert sheets["รายงาน"][1] == ["หน่วยงาน", "สำนักงานเขตปทุมวัน"]


@pytest.mark.skipif(_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install -y "
                           "libreoffice-calc-nogui")
def test_summary_xlsx_opens_in_libreoffice_and_matches(source_store: Store, target: Store,
                                                       tmp_path: Path) -> None:
    ids = []
    for n, agency in enumerate(["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก"]):
        report, photos = make_report(agency=agency, seed=n)
        data = build_package(source_store, source_store.create_report(report, photos),
                             pdf=False).data
        ids.append(import_package(target, data).report_id)
    summary = summarize(target, ids, ["สำนักงานเขตปทุมวัน", "สำนักงานเขตสาทร"])
    path = tmp_path / "summary.xlsx"
    path.write_bytes(summary_xlsx(summary))
    sheets = _libreoffice_csv(path, tmp_path)
    assert sheets["รายการ"][1:] == [[_shown(v, h) for v, h in zip(row, HEADERS, strict=True)]
                                    for row in summary.rows]
    offices = {r[0]: r[1] for r in sheets["หน่วยงาน"][1:]}
    assert offices == {"สำนักงานเขตปทุมวัน": "ส่งแล้ว",
                       "สำนักงานเขตบางรัก": "ส่งแล้ว (ไม่อยู่ในรายชื่อ)",
                       "สำนักงานเขตสาทร": "ยังไม่ส่ง"}
