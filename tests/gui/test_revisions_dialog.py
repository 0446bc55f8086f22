"""Replaced versions window: lists what an import replaced, shows what changed, restores it
(the session announces the change); the menu opens it."""

from __future__ import annotations

from pathlib import Path

from ita_desktop.core.package import build_package, import_package
from ita_desktop.core.store import Store
from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.core.workflow.finalise import finalise_report
from ita_desktop.gui.packages.revisions_dialog import RevisionsDialog


def _replaced_in(session, tmp_path: Path) -> int:  # noqa: ANN001
    """The demo report imported, then its revision 2 (one result changed) over it."""
    with Store.open(tmp_path / "sender.sqlite") as sender:
        report_id = create_demo(sender)
        first = build_package(sender, report_id, pdf=False).data
        finalise_report(sender, report_id)
        sender.reopen(report_id, "แก้ผล")
        entry = sender.get_report(report_id).entries[0]
        sender.update_entry(entry.id, result="ผลที่แก้แล้ว")
        second = build_package(sender, report_id, pdf=False).data
    import_package(session.store, first)
    return import_package(session.store, second).report_id


def test_list_diff_restore(qtbot, session, tmp_path: Path) -> None:  # noqa: ANN001
    current = _replaced_in(session, tmp_path)
    changes = []
    session.changed.connect(changes.append)
    dialog = RevisionsDialog(session, current)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 1 and dialog.empty.isHidden()
    row = dialog.list.topLevelItem(0)
    assert row.text(1) == "1" and "ฉบับที่ 2" in row.text(3)
    diffs = [dialog.diff.topLevelItem(n) for n in range(dialog.diff.topLevelItemCount())]
    assert any(d.text(0).endswith("ผลการดำเนินการ") and d.text(2) == "ผลที่แก้แล้ว" for d in diffs)
    restored = []
    dialog.restored.connect(restored.append)
    new_id = dialog.restore_selected(confirm=False)
    assert restored == [new_id] and session.store.get_report(new_id).revision == 1
    assert [c.kind for c in changes] == ["report-deleted", "report-created"]
    assert changes[0].report_id == current
    # the replaced one (revision 2) is now listed in its turn
    assert dialog.list.topLevelItemCount() == 1 and dialog.list.topLevelItem(0).text(1) == "2"


def test_empty_history(qtbot, session) -> None:  # noqa: ANN001
    dialog = RevisionsDialog(session, None)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 0 and not dialog.empty.isHidden()
    assert not dialog.restore_button.isEnabled()


def test_the_window_refuses_a_control_character_naming_the_field(demo_window, qtbot) -> None:  # noqa: ANN001
    """Pasted text with an ESC sequence: not saved, the card says which field and why."""
    card = next(iter(demo_window.editor.current_form().cards.values()))
    before = demo_window.session.entry(card.entry_id).result
    card.result.setFocus()
    card.result.moveCursor(card.result.textCursor().MoveOperation.End)
    card.result.insertPlainText("\x1b[2J")
    qtbot.waitUntil(lambda: not card.save_error.isHidden(), timeout=5000)
    assert "ผลการดำเนินการ" in card.save_error.text() and "U+001B" in card.save_error.text()
    assert demo_window.session.entry(card.entry_id).result == before
    card.result.moveCursor(card.result.textCursor().MoveOperation.End)
    for _n in range(4):
        card.result.textCursor().deletePreviousChar()
    qtbot.waitUntil(lambda: card.save_error.isHidden(), timeout=5000)
