"""Importing over what the database holds: same package, newer and older revisions, another
report for the same office and round."""

from __future__ import annotations

import json

import pytest

from ita_desktop.core.package import ImportRefused, build_package, import_package
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.finalise import finalise_report

from .conftest import fake_pdf, make_report, snapshot


def _export(store: Store, report_id: int) -> bytes:
    return build_package(store, report_id, pdf=fake_pdf).data


def test_reimporting_the_same_package_changes_nothing(target: Store, package: bytes) -> None:
    first = import_package(target, package)
    before = snapshot(target)
    again = import_package(target, package)
    assert again.status == "unchanged" and again.report_id == first.report_id
    assert "มีอยู่แล้ว" in again.message
    assert snapshot(target) == before


def test_newer_revision_replaces_and_keeps_history(source_store: Store, report_id: int,
                                                   target: Store) -> None:
    first = import_package(target, _export(source_store, report_id))
    finalise_report(source_store, report_id)
    source_store.reopen(report_id, "แก้คะแนนข้อ i1")
    entry = source_store.get_report(report_id).entries[0]
    source_store.update_entry(entry.id, result="ผลใหม่")
    outcome = import_package(target, _export(source_store, report_id))
    assert outcome.status == "replaced" and outcome.replaced == (first.report_id,)
    report = target.get_report(outcome.report_id)
    assert report.revision == 2 and report.entries[0].result == "ผลใหม่"
    assert report.reopen_log[0].reason == "แก้คะแนนข้อ i1"
    rows = target.conn.execute("SELECT report_uuid, revision, data FROM report_history").fetchall()
    assert len(rows) == 1 and rows[0][:2] == (report.uuid, 1)
    assert json.loads(rows[0][2])["entries"][0]["result"] != "ผลใหม่"
    assert len(target.list_reports()) == 1


def test_older_revision_is_refused(source_store: Store, report_id: int, target: Store) -> None:
    old = _export(source_store, report_id)
    finalise_report(source_store, report_id)
    source_store.reopen(report_id, "แก้ไข")
    import_package(target, _export(source_store, report_id))
    before = snapshot(target)
    with pytest.raises(ImportRefused, match="เก่ากว่า"):
        import_package(target, old)
    assert snapshot(target) == before


def test_same_revision_with_other_content_is_refused(source_store: Store, report_id: int,
                                                     target: Store) -> None:
    import_package(target, _export(source_store, report_id))
    entry = source_store.get_report(report_id).entries[0]
    source_store.update_entry(entry.id, issue="แก้โดยไม่เปิดฉบับใหม่")
    before = snapshot(target)
    with pytest.raises(ImportRefused, match="เนื้อหาไม่ตรงกัน|เนื้อหาไม่ตรง"):
        import_package(target, _export(source_store, report_id))
    assert snapshot(target) == before


def _other_report_same_slot(source_store: Store) -> bytes:
    report, photos = make_report(seed=7)
    return _export(source_store, source_store.create_report(report, photos))


def test_other_report_for_the_same_office_and_round_asks(source_store: Store, package: bytes,
                                                         target: Store) -> None:
    first = import_package(target, package)
    other = _other_report_same_slot(source_store)
    before = snapshot(target)
    outcome = import_package(target, other)
    assert outcome.status == "conflict" and outcome.report_id is None
    assert [c.id for c in outcome.conflicts] == [first.report_id]
    assert "แทนที่" in outcome.message
    assert snapshot(target) == before


def test_conflict_replace(source_store: Store, package: bytes, target: Store) -> None:
    first = import_package(target, package)
    outcome = import_package(target, _other_report_same_slot(source_store), on_conflict="replace")
    assert outcome.status == "replaced" and outcome.replaced == (first.report_id,)
    assert [r.id for r in target.list_reports()] == [outcome.report_id]
    assert target.conn.execute("SELECT COUNT(*) FROM report_history").fetchone()[0] == 1


def test_conflict_keep_both(source_store: Store, package: bytes, target: Store) -> None:
    import_package(target, package)
    outcome = import_package(target, _other_report_same_slot(source_store),
                             on_conflict="keep-both")
    assert outcome.status == "imported"
    assert len(target.list_reports()) == 2


def test_other_round_is_no_conflict(source_store: Store, package: bytes, target: Store) -> None:
    import_package(target, package)
    report, photos = make_report(seed=8, kind="12m")
    data = _export(source_store, source_store.create_report(report, photos))
    assert import_package(target, data).status == "imported"


def test_shared_photos_are_stored_once(source_store: Store, report_id: int, target: Store
                                       ) -> None:
    import_package(target, _export(source_store, report_id))
    copy = source_store.get_report(report_id)
    copy.uuid, copy.agency, copy.id = "another-uuid", "สำนักงานเขตบางรัก", None
    second = source_store.create_report(copy)
    assert import_package(target, _export(source_store, second)).status == "imported"
    assert target.conn.execute("SELECT COUNT(*) FROM photo_blobs").fetchone()[0] == 3


def test_reimporting_a_report_deleted_here_brings_it_back(target: Store, package: bytes) -> None:
    first = import_package(target, package)
    target.trash_report(first.report_id)
    again = import_package(target, package)
    assert again.status == "imported" and again.report_id == first.report_id
    assert [r.id for r in target.list_reports()] == [first.report_id]
