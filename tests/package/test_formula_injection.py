"""CSV / xlsx formula injection: every form from issue 9 (and the OWASP list) is neutralised,
checked against LibreOffice's own reading of the files; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ita_desktop.core.exchange.spreadsheet import (
    HEADERS,
    Sheet,
    csv_bytes,
    csv_safe,
    formula_risk,
    report_csv,
    report_xlsx,
    xlsx_bytes,
)
from ita_desktop.core.report.model import Entry
from ita_desktop.core.store import Store

from .conftest import make_report
from .test_spreadsheet import _libreoffice_csv, _soffice

FORMS = [
    "-2+3+cmd|' /C calc'!A0",
    "-1+1",
    "\n=1+1",
    " =1+1",
    "＝1+1",
    "=1+1",
    "+1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  -1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1+1)",
    "=HYPERLINK(\"http://evil\";\"คลิก\")",
    "\u3000=1+1",
]
PLAIN = ["-5", "12", "ปกติ", "มาตรการ - ข้อ", "a=b", ""]

needs_lo = pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not "
                              "installed: apt-get install -y libreoffice-calc-nogui")


@pytest.mark.parametrize("text", FORMS)
def test_every_form_is_a_formula_risk(text: str) -> None:
    assert formula_risk(text) and csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", [*PLAIN, -5, -2.5, 73.34, None])
def test_plain_values_are_unchanged(value: object) -> None:
    assert not formula_risk(value) and csv_safe(value) == value


def _lo_read_csv(path: Path, tmp_path: Path) -> list[list[str]]:
    """The CSV as LibreOffice reads it with formulas evaluated, saved back as shown."""
    out = tmp_path / f"lo-out-{path.stem}"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,"
         "false,-1", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180)
    (result,) = out.glob(f"{path.stem}*.csv")
    return list(csv.reader(io.StringIO(result.read_text(encoding="utf-8"), newline="")))


@needs_lo
def test_csv_forms_are_text_to_libreoffice(tmp_path: Path) -> None:
    rows = [[text, n] for n, text in enumerate(FORMS)] + [[text, -n] for n, text in
                                                          enumerate(PLAIN)]
    safe = tmp_path / "safe.csv"
    safe.write_bytes(csv_bytes(["ข้อความ", "เลข"], rows))
    unsafe = tmp_path / "unsafe.csv"  # the control: the same cells without the rule
    plain = io.StringIO(newline="")
    csv.writer(plain, lineterminator="\r\n").writerows([["ข้อความ", "เลข"], *rows])
    unsafe.write_bytes(plain.getvalue().encode("utf-8-sig"))
    assert _lo_read_csv(unsafe, tmp_path)[1 + FORMS.index("=1+1")][0] == "2"  # it evaluates
    shown = _lo_read_csv(safe, tmp_path)[1:]
    for (text, number), (cell, number_cell) in zip(rows, shown, strict=True):
        cell = cell.replace("\n", "\r") if "\r" in text else cell  # LibreOffice writes LF
        if text in FORMS:
            assert cell == "'" + text, (text, cell)  # text, not evaluated
        else:
            assert cell == text
        assert number_cell == str(number)  # numbers stay numbers (also negative ones)


@pytest.fixture
def injected(source_store: Store):
    report, photos = make_report(entries=len(FORMS), photos=len(FORMS))
    for entry, text in zip(report.entries, FORMS, strict=True):
        entry.issue = text
        entry.result = text
        entry.measures = [text]
        entry.photos[0].caption = text
    report.entries.append(Entry(label=FORMS[0], instrument="OIT", indicator=10))
    return source_store.get_report(source_store.create_report(report, photos))


@needs_lo
def test_xlsx_forms_are_text_to_libreoffice(injected, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_xlsx(injected))
    book = openpyxl.load_workbook(path)
    sheet = book["รายการ"]
    issue = HEADERS.index("ประเด็นที่ต้องพัฒนา") + 1
    for row, text in enumerate(FORMS, start=2):
        cell = sheet.cell(row=row, column=issue)
        assert cell.data_type == "s" and cell.value == text and cell.quotePrefix, text
    rows = _libreoffice_csv(path, tmp_path)["รายการ"][1:]
    for row, text in zip(rows, FORMS, strict=False):
        for header in ("ประเด็นที่ต้องพัฒนา", "ผลการดำเนินการ", "มาตรการ", "คำบรรยายภาพ"):
            shown = row[HEADERS.index(header)]
            shown = shown.replace("\n", "\r") if "\r" in text else shown  # LO writes LF
            assert shown == text, (header, text)  # as typed: not evaluated, no apostrophe
    assert rows[-1][HEADERS.index("ข้อ")] == FORMS[0]
    assert rows[0][HEADERS.index("คะแนน")] == f"{injected.entries[0].score:.2f}"


@needs_lo
def test_the_libreoffice_check_can_fail(tmp_path: Path) -> None:
    """The control: a formula cell written plainly is evaluated by LibreOffice."""
    book = openpyxl.Workbook()
    book.active.title = "s"
    book.active.append(["=1+1", "-1+1"])
    book.save(tmp_path / "plain.xlsx")
    assert _libreoffice_csv(tmp_path / "plain.xlsx", tmp_path)["s"][0][0] == "2"


@needs_lo
def test_xlsx_headers_from_imported_labels_are_text(tmp_path: Path) -> None:
    """The consolidation's score matrix has item labels (from packages) as headings."""
    path = tmp_path / "headers.xlsx"
    path.write_bytes(xlsx_bytes([Sheet("m", ["หน่วยงาน", *FORMS],
                                       [["x", *range(len(FORMS))]])]))
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["m"][1]][1:] == FORMS
    rows = _libreoffice_csv(path, tmp_path)["m"]
    assert rows[0][1:] == [t.replace("\r", "\n") for t in FORMS]  # LibreOffice writes LF
    assert rows[1][1:] == [str(n) for n in range(len(FORMS))]


def test_report_csv_neutralises_every_field(injected) -> None:
    rows = list(csv.reader(io.StringIO(report_csv(injected).decode("utf-8-sig"), newline="")))
    for row, text in zip(rows[1:], FORMS, strict=False):
        for header in ("ประเด็นที่ต้องพัฒนา", "ผลการดำเนินการ", "มาตรการ", "คำบรรยายภาพ"):
            assert row[HEADERS.index(header)] == "'" + text
