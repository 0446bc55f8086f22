"""Optional report columns in the database (migration 9): chosen per report, values per entry,
kept through create, update, JSON, packages and carry-forward; checked at every write (unknown
column, a status not in the list, control characters: refused, nothing written); a report
without them prints exactly the five-column report."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from ita_desktop.core.base import paths
from ita_desktop.core.base.errors import ValidationError
from ita_desktop.core.exchange.report_json import read_report_file, report_to_dict
from ita_desktop.core.store import Store
from ita_desktop.core.store.migrations import migrate

DEMO = paths.data_dir() / "demo" / "pathumwan-2567-6m.json"
STATUS = "อยู่ระหว่างดำเนินการ"


def with_columns():
    report, photos = read_report_file(DEMO)
    report = dataclasses.replace(report, optional_columns=("status", "responsible", "budget"))
    report.entries[0].extra = {"status": STATUS, "responsible": "ฝ่ายปกครอง",
                               "budget": "ไม่ใช้งบประมาณ"}
    report.entries[1].extra = {"obstacles": "ฝนตกหนัก"}  # not printed, but kept
    return report, photos


def test_stored_and_read_back(tmp_path: Path) -> None:
    report, photos = with_columns()
    with Store.open(tmp_path / "t.db") as store:
        rid = store.create_report(report, photos)
        got = store.get_report(rid)
    assert got.optional_columns == ("responsible", "budget", "status")  # print order
    assert got.entries[0].extra == report.entries[0].extra
    assert got.entries[1].extra == {"obstacles": "ฝนตกหนัก"}
    assert all(e.extra == {} for e in got.entries[2:])


def test_updates_are_checked_and_logged(tmp_path: Path) -> None:
    report, photos = read_report_file(DEMO)
    with Store.open(tmp_path / "t.db") as store:
        rid = store.create_report(report, photos)
        entry_id = store.get_report(rid).entries[0].id
        store.update_report(rid, optional_columns=["status", "period"])
        store.update_entry(entry_id, extra={"status": "ดำเนินการแล้ว", "period": "ต.ค. ๖๖",
                                            "budget": ""})
        got = store.get_report(rid)
        assert got.optional_columns == ("period", "status")
        assert got.entries[0].extra == {"status": "ดำเนินการแล้ว", "period": "ต.ค. ๖๖"}
        before = (store.get_report(rid), len(store.history(rid)))
        for bad in ({"status": "เสร็จแล้ว"}, {"colour": "แดง"}, {"budget": 5000},
                    {"obstacles": "ฝน\x1b[31m"}, {"period": "ก" * 20_001}, ["status"]):
            with pytest.raises(ValidationError):
                store.update_entry(entry_id, extra=bad)
        with pytest.raises(ValidationError) as caught:
            store.update_report(rid, optional_columns=["owner"])
        assert "owner" in caught.value.message and "status" in caught.value.message
        assert (store.get_report(rid), len(store.history(rid))) == before
        fields = [(e.action, e.field) for e in store.history(rid)]
        assert ("report-field", "optional_columns") in fields
        assert ("entry-field", "extra") in fields


def test_bad_values_in_a_whole_report_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    report, photos = with_columns()
    report.entries[3].extra = {"status": "ทำไปบ้างแล้ว"}
    with Store.open(tmp_path / "t.db") as store:
        with pytest.raises(ValidationError) as caught:
            store.create_report(report, photos)
        assert "entries[3].extra" in (caught.value.field or "")
        assert store.list_reports() == []


def test_json_round_trip_through_the_store(tmp_path: Path) -> None:
    report, photos = with_columns()
    with Store.open(tmp_path / "t.db") as store:
        rid = store.create_report(report, photos)
        data = report_to_dict(store.get_report(rid))
    assert data["report"]["optional_columns"] == ["responsible", "budget", "status"]
    assert data["entries"][0]["extra"]["status"] == STATUS
    assert data["entries"][1]["extra"] == {"obstacles": "ฝนตกหนัก"}


def test_without_them_the_json_is_as_before(tmp_path: Path) -> None:
    report, photos = read_report_file(DEMO)
    with Store.open(tmp_path / "t.db") as store:
        data = report_to_dict(store.get_report(store.create_report(report, photos)))
    assert "optional_columns" not in data["report"]
    assert all("extra" not in e for e in data["entries"])


def test_a_version_8_database_is_migrated_and_keeps_its_reports(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, upto=8)
    conn.close()
    report, photos = read_report_file(DEMO)
    with Store.open(db) as store:
        rid = store.create_report(report, photos)
        assert store.get_report(rid).optional_columns == ()
        store.update_report(rid, optional_columns=["status"])
        assert store.get_report(rid).optional_columns == ("status",)


def test_a_package_with_them_imports_into_a_database_that_has_none(tmp_path: Path) -> None:
    from ita_desktop.core.package import build_package
    from ita_desktop.core.package.importer import import_package

    report, photos = with_columns()
    with Store.open(tmp_path / "office.db") as store:
        data = build_package(store, store.create_report(report, photos), pdf=False).data
    with Store.open(tmp_path / "above.db") as target:
        got = target.get_report(import_package(target, data, source="x.itapkg").report_id)
        assert target.list_reports()[0].id == got.id
    assert got.optional_columns == ("responsible", "budget", "status")
    assert got.entries[0].extra == report.entries[0].extra


def test_the_consolidation_counts_status_per_office(tmp_path: Path) -> None:
    import io

    import openpyxl

    from ita_desktop.core.package.consolidate import summarize
    from ita_desktop.core.package.summary_xlsx import STATUS_HEADERS, summary_xlsx

    report, photos = with_columns()
    report.entries[2].extra = {"status": "ดำเนินการแล้ว"}
    plain, plain_photos = read_report_file(DEMO)
    plain = dataclasses.replace(plain, agency="สำนักงานเขตบางรัก", uuid="")
    with Store.open(tmp_path / "above.db") as store:
        ids = [store.create_report(report, photos), store.create_report(plain, plain_photos)]
        summary = summarize(store, ids)
    counts = {o.agency: o.status_counts for o in summary.offices}
    done_in_progress_not_started_none = (1, 1, 0, len(report.entries) - 2)
    assert counts == {report.agency: done_in_progress_not_started_none,
                      "สำนักงานเขตบางรัก": None}
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary)))["หน่วยงาน"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-len(STATUS_HEADERS):] == STATUS_HEADERS
    assert rows[1][-len(STATUS_HEADERS):] == done_in_progress_not_started_none
    assert rows[2][-len(STATUS_HEADERS):] == (None,) * len(STATUS_HEADERS)
