"""The audit trail in packages (``history.json``, ita-history/1): exported, kept through
import (entries re-linked), not repeated on re-import, optional (older packages import), and
checked like every other member (a hostile one is refused, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ita_desktop.core.base.errors import FormatError
from ita_desktop.core.package import build_package
from ita_desktop.core.package.importer import import_package
from ita_desktop.core.store import Store

from .conftest import fake_pdf
from .zips import members_of, resign


def _edit(store: Store, report_id: int) -> None:
    report = store.get_report(report_id)
    entry = report.entries[1]
    store.update_entry(entry.id, issue="ประเด็นที่แก้ไข")
    store.update_report(report_id, title="ชื่อรายงานใหม่")
    store.move_entry(entry.id, 0)


def test_history_travels_with_the_package(source_store: Store, report_id: int,
                                          tmp_path: Path) -> None:
    _edit(source_store, report_id)
    sent = source_store.history(report_id)
    data = build_package(source_store, report_id, pdf=fake_pdf).data
    members = dict(members_of(data))
    doc = json.loads(members["history.json"])
    assert doc["format"] == "ita-history/1" and len(doc["events"]) == len(sent)
    assert "history.json" in [m["name"] for m in json.loads(members["manifest.json"])["members"]]
    with Store.open(tmp_path / "office-above.sqlite") as target:
        outcome = import_package(target, data, source="a.itapkg")
        got = target.history(outcome.report_id)
        assert [(e.action, e.field, e.old_value, e.new_value, e.os_user) for e in got[:-1]] == \
            [(e.action, e.field, e.old_value, e.new_value, e.os_user) for e in sent]
        assert got[-1].action == "report-imported" and got[-1].origin == "package:a.itapkg"
        # the edited entry's events point at the imported entry (by position in the package)
        moved = next(e for e in got if e.action == "entry-moved")
        imported = target.get_report(outcome.report_id)
        assert moved.entry_id == imported.entries[0].id
        assert [e.entry_id for e in target.history(outcome.report_id,
                                                   entry_id=moved.entry_id)] != []
        # importing again (unchanged) adds nothing; a newer revision does not repeat history
        import_package(target, data)
        assert len(target.history(outcome.report_id)) == len(got)


def test_a_package_without_history_still_imports(source_store: Store, report_id: int,
                                                 tmp_path: Path) -> None:
    data = build_package(source_store, report_id, pdf=fake_pdf).data

    def drop(members: dict[str, bytes]) -> None:
        members.pop("history.json", None)

    older = resign(data, drop)
    assert "history.json" not in dict(members_of(older))
    with Store.open(tmp_path / "t.sqlite") as target:
        outcome = import_package(target, older)
        assert outcome.status == "imported"
        assert [e.action for e in target.history(outcome.report_id)] == ["report-imported"]


@pytest.mark.parametrize("bad", [
    b"not json",
    json.dumps({"format": "ita-history/9", "events": []}).encode(),
    json.dumps({"format": "ita-history/1", "report_uuid": "other", "events": []}).encode(),
    "EVENTS:[{\"at\": 1, \"action\": \"x\"}]",
    "EVENTS:[{\"at\": \"t\", \"action\": \"x\", \"entry\": 999}]",
    "EVENTS:[{\"at\": \"t\", \"action\": \"x\", \"sql\": \"drop\"}]",
    "EVENTS:[{\"at\": \"t\", \"action\": \"x\", \"old\": {\"deep\": []}}]",
])
def test_a_hostile_history_is_refused_and_writes_nothing(source_store: Store, report_id: int,
                                                         tmp_path: Path, bad: object) -> None:
    _edit(source_store, report_id)
    data = build_package(source_store, report_id, pdf=fake_pdf).data
    uuid = source_store.get_report(report_id).uuid

    def swap(members: dict[str, bytes]) -> None:
        if isinstance(bad, str):
            events = json.loads(bad.removeprefix("EVENTS:"))
            members["history.json"] = json.dumps({"format": "ita-history/1",
                                                  "report_uuid": uuid,
                                                  "events": events}).encode()
        else:
            members["history.json"] = bad  # type: ignore[assignment]

    with Store.open(tmp_path / "t.sqlite") as target:
        with pytest.raises(FormatError) as caught:
            import_package(target, resign(data, swap))
        assert "history.json" in caught.value.text()
        assert target.list_reports() == []


def test_result_sheet_changes_travel_with_the_package(source_store: Store, report_id: int,
                                                      tmp_path: Path) -> None:
    source_store.set_scores(report_id, {("item", "i8"): "70"}, "typed")
    source_store.set_scores(report_id, {("item", "i8"): "72.5"}, "imported:ผล.xlsx")
    data = build_package(source_store, report_id, pdf=fake_pdf).data
    events = json.loads(dict(members_of(data))["history.json"])["events"]
    assert [(e["action"], e["entry_code"], e["old"], e["new"], e["origin"]) for e in events
            if e["action"].startswith("score-")] == [
        ("score-added", "i8", None, "70.00", "typed"),
        ("score-changed", "i8", "70.00", "72.50", "imported:ผล.xlsx")]
    with Store.open(tmp_path / "office-above.sqlite") as target:
        got = target.history(import_package(target, data, source="a.itapkg").report_id)
        assert ("score-changed", "70.00", "72.50", "imported:ผล.xlsx") in [
            (e.action, e.old_value, e.new_value, e.origin) for e in got]
