"""Optional report columns in ita-report/1: additive keys, old files unchanged, bad ones refused."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.exchange.report_json import parse_report, report_to_dict
from ita_desktop.core.workflow.demo import demo_file

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "schemas" / "report.schema.json")
                    .read_text(encoding="utf-8"))


def _demo() -> dict:
    data = json.loads(demo_file().read_text(encoding="utf-8"))
    for entry in data["entries"]:  # the photos are not what these tests are about
        entry["photos"] = []
    return data


def test_a_file_without_optional_columns_is_written_back_without_them():
    report, _ = parse_report(_demo(), "demo", None)
    assert report.optional_columns == () and all(e.extra == {} for e in report.entries)
    out = report_to_dict(report)
    assert "optional_columns" not in out["report"]
    assert all("extra" not in e for e in out["entries"])


def test_optional_columns_round_trip_and_match_the_schema():
    data = _demo()
    data["report"]["optional_columns"] = ["status", "budget"]
    data["entries"][0]["extra"] = {"status": "ดำเนินการแล้ว", "budget": "ไม่ใช้งบประมาณ"}
    report, _ = parse_report(data, "demo", None)
    assert report.optional_columns == ("budget", "status")  # print order, not typed order
    assert report.entries[0].extra["status"] == "ดำเนินการแล้ว"
    out = report_to_dict(report)
    jsonschema.validate(out, SCHEMA)
    again, _ = parse_report(json.loads(json.dumps(out)), "again", None)
    assert again.optional_columns == report.optional_columns
    assert again.entries[0].extra == report.entries[0].extra


@pytest.mark.parametrize("where, value", [
    ("report", {"optional_columns": ["owner"]}),
    ("report", {"optional_columns": "status"}),
    ("entry", {"extra": {"status": "เสร็จแล้ว"}}),
    ("entry", {"extra": {"colour": "แดง"}}),
    ("entry", {"extra": {"budget": 5000}}),
])
def test_bad_optional_columns_are_refused_with_the_place(where, value):
    data = _demo()
    (data["report"] if where == "report" else data["entries"][0]).update(value)
    with pytest.raises(FormatError) as err:
        parse_report(data, "bad", None)
    assert ("optional_columns" in str(err.value)) or ("extra" in str(err.value))


def test_xlsx_and_csv_carry_the_optional_columns_only_when_used():
    import csv
    import io

    import openpyxl

    from ita_desktop.core.exchange.spreadsheet import HEADERS, report_csv, report_xlsx

    report, _ = parse_report(_demo(), "demo", None)
    plain = list(csv.reader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    assert tuple(plain[0]) == HEADERS  # the seed layout's export is as before
    report.optional_columns = ("status",)
    report.entries[0].extra = {"status": "ดำเนินการแล้ว", "obstacles": "ฝนตกหนัก"}
    rows = list(csv.reader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    assert rows[0][len(HEADERS):] == ["สถานะ", "ปัญหาอุปสรรค"]
    assert rows[1][len(HEADERS):] == ["ดำเนินการแล้ว", "ฝนตกหนัก"]
    assert rows[1][:len(HEADERS)] == plain[1]
    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx(report))).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][len(HEADERS):] == ("สถานะ", "ปัญหาอุปสรรค")
    assert values[1][len(HEADERS):] == ("ดำเนินการแล้ว", "ฝนตกหนัก")
