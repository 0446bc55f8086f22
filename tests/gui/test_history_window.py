"""Every kind of edit made in the window is in ``ita history`` with old and new values, is
shown per report and per item in the window, and survives export → import."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from ita_desktop.cli import main
from ita_desktop.core.report.model import Entry
from ita_desktop.gui.editor.history import HistoryDialog
from tests.gui.helpers import make_files, on_modal, type_text


def retype(widget, text: str) -> None:  # noqa: ANN001
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


def _history(capsys, db: Path, report_id: int) -> list[dict]:
    capsys.readouterr()
    assert main(["history", str(report_id), "--json", "--db", str(db)]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_kind_of_edit_is_in_the_history(demo_window, qtbot, db_path, tmp_path, capsys):
    w = demo_window
    rid = w.editor.report_id
    session = w.session

    # report fields, through the properties dialog
    def edit(dlg) -> None:  # noqa: ANN001
        retype(dlg.agency, "สำนักงานเขตบางรัก")
        retype(dlg.preparer.name, "นางสาวผู้จัดทำ")
        dlg.close_button.click()

    on_modal(edit)
    w.edit_properties()

    # entry fields, typed in a card
    form = w.editor.current_form()
    form.ensure_all()
    cards = list(form.cards.values())
    card = cards[0]
    old_issue = session.entry(card.entry_id).issue
    card.issue.setPlainText("ประเด็นใหม่จากหน้าต่าง")
    retype(card.score, "55.5")
    w.editor.flush()
    # photos: add, caption, rotate, move, remove
    card.photos.import_files(make_files(tmp_path, 2))
    qtbot.waitUntil(lambda: not card.photos.is_importing(), timeout=20000)
    qtbot.waitUntil(lambda: card.photos.list.count() >= 2, timeout=5000)
    card.photos.list.setCurrentRow(0)
    card.photos.list.item(0).setText("คำบรรยายภาพใหม่")
    card.photos.list.setCurrentRow(0)
    card.photos.rotate_current()
    card.photos.list.setCurrentRow(0)
    card.photos.move_current(+1)
    card.photos.list.setCurrentRow(card.photos.list.count() - 1)
    card.photos.remove_current()
    # add (the add-item dialog's callback), move and delete entries
    added = session.add_entry(rid, Entry(label="มาตรการเพิ่มเติม",
                                         instrument=session.entry(card.entry_id).instrument,
                                         indicator=w.editor.current_indicator))
    form.ensure_all()
    form.cards[added].up_button.click()
    form.cards[added].delete_button.click()
    # finalise and reopen
    on_modal(lambda dialog: dialog.accept())
    w.finalise()
    assert session.report(rid).is_final

    def reason(dialog) -> None:  # noqa: ANN001
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("แก้ไขตามผลประเมินจริง")
        dialog.accept()

    on_modal(reason)
    w.reopen()

    events = _history(capsys, db_path, rid)
    kinds = {(e["action"], e["field"]) for e in events}
    for expected in [("report-field", "agency"), ("report-field", "preparer_name"),
                     ("entry-field", "issue"), ("entry-field", "score"),
                     ("photo-added", None), ("photo-field", "caption"),
                     ("photo-field", "rotation"), ("photo-moved", "position"),
                     ("photo-removed", None), ("entry-added", None), ("entry-moved", "position"),
                     ("entry-deleted", None), ("report-field", "status"),
                     ("reopen-reason", None), ("report-field", "revision")]:
        assert expected in kinds, expected
    by = {(e["action"], e["field"]): e for e in events}
    assert by[("report-field", "agency")]["old_value"] == "สำนักงานเขตปทุมวัน"
    assert by[("report-field", "agency")]["new_value"] == "สำนักงานเขตบางรัก"
    assert by[("entry-field", "issue")]["old_value"] == old_issue
    assert by[("entry-field", "issue")]["new_value"] == "ประเด็นใหม่จากหน้าต่าง"
    assert by[("entry-field", "score")]["new_value"] == "55.50"
    assert by[("photo-field", "caption")]["new_value"] == "คำบรรยายภาพใหม่"
    assert len(by[("photo-added", None)]["photo_sha256"]) == 64
    assert by[("report-field", "status")]["new_value"] == "draft"  # the last: reopened
    assert by[("reopen-reason", None)]["new_value"] == "แก้ไขตามผลประเมินจริง"
    assert all(e["os_user"] for e in events)
    assert by[("entry-field", "issue")]["preparer"] == "นางสาวผู้จัดทำ"

    # shown in the window: per report and per item
    dialog = HistoryDialog(session, rid, parent=w)
    assert dialog.table.rowCount() == len(events)
    shown = {dialog.table.item(r, 6).text() for r in range(dialog.table.rowCount())}
    assert "ประเด็นใหม่จากหน้าต่าง" in shown
    dialog.deleteLater()
    per_entry = HistoryDialog(session, rid, card.entry_id, parent=w)
    rows = per_entry.table.rowCount()
    assert 0 < rows < len(events)
    assert all(e.entry_id == card.entry_id for e in per_entry.events())
    per_entry.deleteLater()

    # export → import keeps it all
    package = tmp_path / "out.itapkg"
    assert main(["export", str(rid), "-o", str(package), "--no-pdf", "--db", str(db_path)]) == 0
    other = tmp_path / "above.sqlite"
    capsys.readouterr()
    assert main(["import", str(package), "--db", str(other)]) == 0
    new_id = int(capsys.readouterr().out.split("\t")[1])
    imported = _history(capsys, other, new_id)
    strip = lambda e: (e["at"], e["action"], e["field"], e["old_value"], e["new_value"],  # noqa: E731
                       e["os_user"], e["preparer"], e["photo_sha256"])
    assert [strip(e) for e in imported[:len(events)]] == [strip(e) for e in events]
    assert imported[-1]["action"] == "report-imported"
