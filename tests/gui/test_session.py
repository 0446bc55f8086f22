"""The session layer: operations reach the store, Change signals, undo/redo with id aliases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_desktop.core.base.errors import ValidationError
from ita_desktop.core.photos.intake import process_photo
from ita_desktop.core.report.model import Entry, Report, Round
from tests.conftest import jpeg_bytes


def _report(session) -> int:
    return session.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                        Round.standard("6m", 2567), "ita-2567"))


def test_edit_emits_change_and_undo_redo(session, qtbot):
    rid = _report(session)
    eid = session.add_entry(rid, Entry(item="e1"))
    with qtbot.waitSignal(session.changed) as blocker:
        session.update_entry(eid, issue="ปัญหาที่ต้องปรับปรุง")
    assert blocker.args[0].kind == "entry-fields" and blocker.args[0].entry_id == eid
    session.update_entry(eid, score="๗๓.๓๔")
    assert session.entry(eid).score == Decimal("73.34")
    session.undo()
    assert session.entry(eid).score is None
    session.undo()
    assert session.entry(eid).issue == ""
    session.redo()
    assert session.entry(eid).issue == "ปัญหาที่ต้องปรับปรุง"


def test_bad_score_saves_nothing_and_pushes_nothing(session):
    rid = _report(session)
    eid = session.add_entry(rid, Entry(item="e1"))
    session.clear_undo()
    with pytest.raises(ValidationError) as info:
        session.update_entry(eid, score="abc")
    assert "ไม่ใช่ตัวเลข" in info.value.message
    assert not session.can_undo()


def test_merged_typing_undoes_together(session):
    rid = _report(session)
    eid = session.add_entry(rid, Entry(item="e1"))
    for text in ("ก", "กา", "การ"):
        session.update_entry(eid, result=text)
    session.undo()
    assert session.entry(eid).result == ""


def test_delete_entry_undo_restores_photos_and_later_ops_follow(session):
    rid = _report(session)
    eid = session.add_entry(rid, Entry(item="e1"))
    session.update_entry(eid, issue="เดิม")
    pid = session.add_photo(eid, process_photo(jpeg_bytes(seed=1), "a.jpg"), "ภาพแรก")
    session.delete_entry(eid)
    assert session.report(rid).entries == []
    session.undo()  # entry back with its photo, under a new id
    entry = session.report(rid).entries[0]
    assert entry.issue == "เดิม" and [p.caption for p in entry.photos] == ["ภาพแรก"]
    assert session.entry_id(eid) == entry.id and session.photo_id(pid) == entry.photos[0].id
    session.undo()  # the photo addition, on the re-created photo
    assert session.entry(eid).photos == []
    session.undo()  # the issue edit, on the re-created entry
    assert session.entry(eid).issue == ""


def test_photo_ops_undo(session):
    rid = _report(session)
    eid = session.add_entry(rid, Entry(item="e1"))
    a = session.add_photo(eid, process_photo(jpeg_bytes(seed=1), "a.jpg"))
    b = session.add_photo(eid, process_photo(jpeg_bytes(seed=2), "b.jpg"))
    session.move_photo(b, 0)
    assert [p.id for p in session.entry(eid).photos] == [b, a]
    session.update_photo(a, rotation=1)
    session.remove_photo(b)
    session.undo()
    session.undo()
    session.undo()
    photos = session.entry(eid).photos
    assert [p.rotation for p in photos] == [0, 0]
    assert [p.id for p in photos] == [a, session.photo_id(b)]


def test_trash_is_purged_on_close(session, db_path):
    from ita_desktop.core.store import Store

    rid = _report(session)
    session.trash_report(rid)
    assert session.list_reports() == []
    assert session.restore_last_trashed() == rid
    session.trash_report(rid)
    session.close()
    with Store.open(db_path) as store:
        assert store.list_reports(include_trashed=True) == []


def test_finalise_clears_undo(session):
    rid = _report(session)
    session.add_entry(rid, Entry(item="e1", issue="ประเด็น", measures=["มาตรการ"]))
    session.finalise(rid)
    assert not session.can_undo()
    session.reopen(rid, "แก้คะแนน")
    assert session.report(rid).reopen_log[0].reason == "แก้คะแนน"
