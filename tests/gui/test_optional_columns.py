"""Optional report columns in the window: Report → Optional columns… ticks them (saved at
once, one undo step); every entry card then has their fields, saved like the others; a bad
value is refused with the message and nothing saved; untick: the fields go, the values stay."""

from __future__ import annotations

from ita_desktop.core.report.optional_columns import NO_BUDGET
from ita_desktop.gui.editor.column_choice import ColumnsDialog
from ita_desktop.gui.qt import QComboBox

from .helpers import type_text


def _card(window):  # noqa: ANN001, ANN202
    form = window.editor.current_form()
    form.ensure_all()
    return next(iter(form.cards.values()))


def test_columns_ticked_show_fields_that_save(demo_window, qtbot) -> None:  # noqa: ANN001
    window = demo_window
    session = window.session
    rid = window.editor.report_id
    card = _card(window)
    assert not card.extra.isVisible()  # none by default: the card is as before
    dialog = ColumnsDialog(session, rid, window)
    qtbot.addWidget(dialog)
    dialog.boxes["status"].setChecked(True)
    dialog.boxes["budget"].setChecked(True)
    dialog.boxes["obstacles"].setChecked(True)
    assert session.report(rid).optional_columns == ("budget", "status", "obstacles")
    assert list(card.extra.widgets) == ["budget", "status", "obstacles"]
    assert card.extra.isVisible()

    status: QComboBox = card.extra.widgets["status"]
    status.setCurrentIndex(status.findText("ดำเนินการแล้ว"))
    status.activated.emit(status.currentIndex())  # as a click on the choice
    budget: QComboBox = card.extra.widgets["budget"]
    budget.setCurrentIndex(budget.findText(NO_BUDGET))
    budget.activated.emit(budget.currentIndex())
    type_text(card.extra.widgets["obstacles"], "ฝนตกหนักช่วงตุลาคม")
    window.editor.flush()
    saved = session.entry(card.entry_id).extra
    assert saved == {"status": "ดำเนินการแล้ว", "budget": NO_BUDGET,
                     "obstacles": "ฝนตกหนักช่วงตุลาคม"}

    # untick a column: its field goes from cards without a value, values are never dropped
    dialog.boxes["obstacles"].setChecked(False)
    assert "obstacles" in card.extra.widgets  # this entry has a value: still shown
    other = [c for c in window.editor.current_form().cards.values() if c is not card]
    assert all("obstacles" not in c.extra.widgets for c in other)
    assert session.entry(card.entry_id).extra["obstacles"] == "ฝนตกหนักช่วงตุลาคม"

    # undo takes the untick back
    session.undo()
    assert session.report(rid).optional_columns == ("budget", "status", "obstacles")


def test_a_bad_value_is_refused_and_nothing_saved(demo_window, qtbot) -> None:  # noqa: ANN001
    window = demo_window
    session = window.session
    rid = window.editor.report_id
    session.update_report(rid, optional_columns=("responsible",))
    card = _card(window)
    field = card.extra.widgets["responsible"]
    field.setText("ฝ่าย\x1b[31mปกครอง")  # pasted from a terminal
    field.textEdited.emit(field.text())
    window.editor.flush()
    assert not card.save_error.isHidden() and card.save_error.text()
    assert session.entry(card.entry_id).extra == {}


def test_final_report_columns_cannot_be_changed(demo_window, qtbot) -> None:  # noqa: ANN001
    window = demo_window
    rid = window.editor.report_id
    window.session.store.conn.execute("UPDATE reports SET status = 'final' WHERE id = ?", (rid,))
    dialog = ColumnsDialog(window.session, rid, window)
    qtbot.addWidget(dialog)
    assert not any(box.isEnabled() for box in dialog.boxes.values())
