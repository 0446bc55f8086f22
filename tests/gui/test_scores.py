"""The result sheet window: typing in the grid (Thai digits, Enter goes down), pasting an Excel
block, importing files, each refusal leaving everything as it was, preview then apply as one
undo step; add-below-pass; the navigator's indicator scores; the charts in the window."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ita_desktop.core.workflow.demo import create_demo
from ita_desktop.gui.editor.scores import SCORE, ScoresDialog
from ita_desktop.gui.qt import QGuiApplication, QLineEdit, Qt

from .helpers import type_text

EXCEL = "ข้อ\tคะแนน\r\n I8 \t ๗๓.๓๔\r\ni09\t91.5\r\nO๑\t84.21\r\ne4\t50\r\nEIT\t81\r\n"


@pytest.fixture
def dialog(qtbot, session):  # noqa: ANN001
    report_id = create_demo(session.store)
    dlg = ScoresDialog(session, report_id)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def saved(dialog: ScoresDialog):
    return dialog.session.store.get_scores(dialog.report_id)


def type_score(qtbot, dialog: ScoresDialog, text: str) -> None:  # noqa: ANN001
    type_text(dialog.grid, text[0])  # any key starts editing the cell
    editor = _editor(dialog)
    assert editor is not None and editor.text() == text[0]
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _editor(dialog) is None)


def _editor(dialog: ScoresDialog) -> QLineEdit | None:
    shown = [e for e in dialog.grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    return shown[0] if shown else None


def test_grid_has_every_item_instrument_and_overall(dialog) -> None:  # noqa: ANN001
    fw = dialog.framework
    assert dialog.grid.rowCount() == sum(1 for _ in fw.items()) + len(fw.instruments) + 1
    assert dialog.grid.item(0, 0).text() == "I1"
    assert dialog.grid.currentColumn() == SCORE


def test_typing_thai_digits_then_enter_moves_down_and_waits_for_apply(qtbot, dialog) -> None:  # noqa: ANN001
    dialog.grid.setFocus()
    dialog.grid.setCurrentCell(0, SCORE)
    type_score(qtbot, dialog, "๗๓.๕")
    assert dialog.grid.currentRow() == 1  # Enter: on to the next item
    type_score(qtbot, dialog, "90")
    assert dialog.grid.currentRow() == 2
    assert dialog.pending == {("item", "i1"): Decimal("73.50"), ("item", "i2"): Decimal("90.00")}
    assert dialog.grid.item(0, SCORE).text() == "๗๓.๕๐"  # the report prints Thai digits
    assert saved(dialog).is_empty()  # nothing saved before Apply
    assert dialog.preview.count() == 2 and "I1: – → ๗๓.๕๐" == dialog.preview.item(0).text()
    assert dialog.apply()
    assert saved(dialog).items == {"i1": Decimal("73.50"), "i2": Decimal("90.00")}
    assert dialog.pending == {} and dialog.preview.count() == 0


def test_typed_impossible_score_is_marked_and_blocks_apply(qtbot, dialog) -> None:  # noqa: ANN001
    dialog.grid.setFocus()
    dialog.grid.setCurrentCell(0, SCORE)
    type_score(qtbot, dialog, "120")
    assert ("item", "i1") in dialog.invalid
    assert "๑๐๐" in dialog.message.text() and not dialog.apply_button.isEnabled()
    assert not dialog.apply() and saved(dialog).is_empty()


def test_paste_excel_block_preview_apply_one_undo_step(qtbot, dialog) -> None:  # noqa: ANN001
    session = dialog.session
    QGuiApplication.clipboard().setText(EXCEL)
    dialog.grid.setFocus()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pending == {("item", "i8"): Decimal("73.34"), ("item", "i9"): Decimal("91.50"),
                              ("item", "o1"): Decimal("84.21"), ("item", "e4"): Decimal("50.00"),
                              ("instrument", "EIT"): Decimal("81.00")}
    assert [dialog.preview.item(n).text() for n in range(dialog.preview.count())][0] == \
        "I8: – → ๗๓.๓๔"
    assert saved(dialog).is_empty()
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Apply
    assert len(saved(dialog).items) == 4 and saved(dialog).instruments == {"EIT": Decimal(81)}
    assert session.can_undo()
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # one step takes the whole paste back
    assert saved(dialog).is_empty()
    assert dialog.grid.item(dialog.row_of(("item", "i8")), SCORE).text() == ""
    session.redo()
    assert len(saved(dialog).items) == 4


@pytest.mark.parametrize(("text", "words"), [
    ("i8\t70\r\nx99\t50\r\n", "แถวที่ 2"),
    ("i8\t120\r\n", "แถวที่ 1"),
    ("i8\t-1\r\n", "แถวที่ 1"),
    ("i8\tabc\r\n", "แถวที่ 1"),
    ("i8\t70\r\nI08\t71\r\n", "แถวที่ 2"),
])
def test_each_paste_refusal_changes_nothing(dialog, text: str, words: str) -> None:  # noqa: ANN001
    dialog.paste_text("i1\t60\r\n")  # a pending change that must survive the refusal
    before = dict(dialog.pending)
    assert not dialog.paste_text(text)
    assert words in dialog.message.text()
    assert dialog.pending == before and saved(dialog).is_empty()


def test_import_xlsx_and_csv_files(dialog, tmp_path: Path) -> None:  # noqa: ANN001
    from openpyxl import Workbook

    book = Workbook()
    for row in (["ข้อ", "คะแนน"], ["I8", 73.34], ["o๑", "๘๔.๒๑"]):
        book.active.append(row)
    book.save(tmp_path / "s.xlsx")
    assert dialog.import_file(str(tmp_path / "s.xlsx"))
    assert dialog.pending == {("item", "i8"): Decimal("73.34"), ("item", "o1"): Decimal("84.21")}
    (tmp_path / "bad.csv").write_text("i8,70\ni8,71\n", encoding="utf-8")
    assert not dialog.import_file(str(tmp_path / "bad.csv"))
    assert "แถวที่ 2" in dialog.message.text() and len(dialog.pending) == 2
    assert dialog.apply() and saved(dialog).items["o1"] == Decimal("84.21")


def test_add_below_pass_is_one_undo_step_and_idempotent(dialog) -> None:  # noqa: ANN001
    session = dialog.session
    dialog.paste_text("i8\t70\ne4\t50\ne5\t60\ni9\t95\n")
    dialog.apply()
    before = len(session.report(dialog.report_id).entries)
    assert dialog.add_below_pass() == 2  # e4 and e5; i8 has an entry; i9 passes
    items = [e.item for e in session.report(dialog.report_id).entries]
    assert len(items) == before + 2 and {"e4", "e5"} <= set(items)
    assert dialog.add_below_pass() == 0
    session.undo()
    assert len(session.report(dialog.report_id).entries) == before


def test_final_report_grid_is_read_only(qtbot, session) -> None:  # noqa: ANN001
    report_id = create_demo(session.store)
    session.store.conn.execute("UPDATE reports SET status = 'final' WHERE id = ?", (report_id,))
    dlg = ScoresDialog(session, report_id)
    qtbot.addWidget(dlg)
    assert not (dlg.grid.item(0, SCORE).flags() & Qt.ItemFlag.ItemIsEditable)
    assert not dlg.paste_text("i8\t70\n") and not dlg.import_button.isEnabled()


def test_chart_tab_draws_the_saved_scores(qtbot, dialog) -> None:  # noqa: ANN001
    dialog.paste_text("i8\t70\ni9\t95\n")
    dialog.apply()
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.chart.chart is not None)
    labels = dialog.chart.chart.labels()
    # a narrow window prints whole numbers under the bars, a wide one two decimals
    assert {"๗๐.๐๐", "๗๐"} & set(labels) and {"๙๕.๐๐", "๙๕"} & set(labels)
    assert any("เกณฑ์ผ่าน" in t for t in labels)
    assert not dialog.chart.grab().isNull()


def test_navigator_shows_indicator_scores(demo_window) -> None:  # noqa: ANN001
    editor = demo_window.editor
    session = demo_window.session
    session.set_scores(editor.report_id, {("item", "i8"): "70", ("item", "i9"): "80",
                                          ("instrument", "IIT"): "77"})
    nav = editor.navigator
    text = nav._items[("indicator", 2)].text(0)
    assert "๗๕.๐๐" in text  # the mean of i8 and i9 in the report's digits
    assert "๗๗.๐๐" in nav._items[("instrument", "IIT")].text(0)
    assert "·" not in nav._items[("indicator", 1)].text(0)  # no scores: nothing shown


def test_finalise_warning_about_weak_items_opens_the_result_sheet(qtbot, session) -> None:  # noqa: ANN001
    from ita_desktop.core.workflow.finalise import Problem
    from ita_desktop.gui.editor.finalise import FinaliseDialog

    weak = Problem(None, "warning", "scores", "ข้อที่ได้คะแนนต่ำกว่าเกณฑ์ผ่าน ๘๕ แต่ยังไม่มีมาตรการ")
    other = Problem(None, "warning", "preparer", "ยังไม่ได้ระบุชื่อผู้รายงาน")
    dialog = FinaliseDialog([weak, other])
    qtbot.addWidget(dialog)
    dialog.show()
    items = dialog.problem_items()
    with qtbot.waitSignal(dialog.scores_requested, timeout=2000):
        dialog._on_item(items[0])
    dialog.show()
    with qtbot.waitSignal(dialog.properties_requested, timeout=2000):
        dialog._on_item(items[1])
