"""The result sheet in the audit trail (issue 20, item 5): a score typed, pasted or imported
from an .xlsx is found in the report's history with its old and new value and how it was made;
undo and redo are logged too, and the history window shows each change."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.editor.history import HistoryDialog
from ita_desktop.gui.editor.scores import SCORE, ScoresDialog
from ita_desktop.gui.qt import QGuiApplication, Qt

from .test_scores import type_score


@pytest.fixture
def dialog(qtbot, session):  # noqa: ANN001
    report_id = create_demo(session.store)
    dlg = ScoresDialog(session, report_id)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def score_events(dialog: ScoresDialog) -> list[tuple[str, str, str | None, str | None, str]]:
    return [(ev.action, ev.entry_code or "", ev.old_value, ev.new_value, ev.origin)
            for ev in dialog.session.history(dialog.report_id)
            if ev.action.startswith("score-")]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_typed_pasted_and_imported_scores_are_in_the_history(qtbot, dialog, tmp_path) -> None:  # noqa: ANN001
    # typed: I1 70, then applied
    dialog.grid.setFocus()
    dialog.grid.setCurrentCell(0, SCORE)
    type_score(qtbot, dialog, "70")
    assert dialog.apply()
    assert score_events(dialog) == [("score-added", "i1", None, "70.00", "typed")]

    # pasted from Excel: I1 changed, I8 new, the ITA total new
    QGuiApplication.clipboard().setText("i1\t75.5\r\ni8\t60\r\nITA\t81\r\n")
    qtbot.keyClick(dialog.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.apply()
    assert score_events(dialog)[1:] == [
        ("score-changed", "i1", "70.00", "75.50", "pasted"),
        ("score-added", "i8", None, "60.00", "pasted"),
        ("score-added", "ITA", None, "81.00", "pasted")]

    # imported from an .xlsx: I8 changed, I1 removed (an empty score cell), typed on top
    sheet = _xlsx(tmp_path / "ผลคะแนน ITA.xlsx", [["ข้อ", "คะแนน"], ["I8", 65], ["i1", None]])
    assert dialog.import_file(str(sheet))
    dialog.grid.setCurrentCell(dialog.row_of(("instrument", "EIT")), SCORE)
    type_score(qtbot, dialog, "88")
    assert dialog.apply()
    assert sorted(score_events(dialog)[4:]) == sorted([
        ("score-changed", "i8", "60.00", "65.00", "imported:ผลคะแนน ITA.xlsx"),
        ("score-removed", "i1", "75.50", None, "imported:ผลคะแนน ITA.xlsx"),
        ("score-added", "EIT", None, "88.00", "typed")])

    # undo takes the last apply back, and says so in the history
    dialog.session.undo()
    undone = score_events(dialog)[7:]
    assert ("score-changed", "i8", "65.00", "60.00", "undo") in undone
    assert ("score-added", "i1", None, "75.50", "undo") in undone
    assert ("score-removed", "EIT", "88.00", None, "undo") in undone
    dialog.session.redo()
    assert ("score-changed", "i8", "60.00", "65.00", "redo") in score_events(dialog)[10:]


def test_the_history_window_shows_score_changes(qtbot, dialog, tmp_path) -> None:  # noqa: ANN001
    assert dialog.paste_text("i8\t60\r\n") and dialog.apply()
    sheet = _xlsx(tmp_path / "sheet.xlsx", [["I8", 65]])
    assert dialog.import_file(str(sheet)) and dialog.apply()
    history = HistoryDialog(dialog.session, dialog.report_id)
    qtbot.addWidget(history)
    rows = [[history.table.item(r, c).text() for c in range(history.COLUMNS)]
            for r in range(history.table.rowCount())]
    newest, before = rows[0], rows[1]  # newest first
    assert newest[2:] == ["I8", "แก้ไขคะแนน (นำเข้าจาก sheet.xlsx)", "คะแนน", "60.00", "65.00"]
    assert before[2:] == ["I8", "ใส่คะแนน (วาง)", "คะแนน", "–", "60.00"]
