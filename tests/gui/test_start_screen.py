"""Start screen: empty database offers the demo and the wizard; delete asks and can be undone
until the program closes; carry forward shows its notes; the wizard checks its fields."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from ita_desktop.core.store import Store
from ita_desktop.gui.app import build_window
from ita_desktop.gui.start.wizard import NewReportDialog, parse_be_date
from tests.gui.helpers import on_modal, type_text


def test_demo_delete_undo_and_purge_on_close(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    start = window.start
    assert start.pages.currentIndex() == 1 and start.empty_demo.isVisible()
    start.open_demo()
    assert window.editor is not None and len(window.editor.report.entries) == 14
    window.show_start()
    assert start.table.rowCount() == 1
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    start.delete_selected()
    assert start.table.rowCount() == 0 and start.undo_delete_button.isVisible()
    start.undo_delete()
    assert start.table.rowCount() == 1
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    start.delete_selected()
    window.close()
    with Store.open(db_path) as store:
        assert store.list_reports(include_trashed=True) == []


def test_delete_can_be_declined(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.session.create_demo()
    window.start.refresh()
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    window.start.delete_selected()
    assert window.start.table.rowCount() == 1
    window.close()


def test_carry_forward_shows_result(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    demo_id = window.session.create_demo()
    window.start.refresh(select=demo_id)
    seen: list[str] = []

    def read(box) -> None:
        seen.append(box.text())
        box.accept()

    on_modal(read)
    window.start.carry_forward("12m")
    assert seen and "สร้างรายงานใหม่แล้ว" in seen[0]
    rounds = sorted(s.round.kind for s in window.session.list_reports())
    assert rounds == ["12m", "6m"]
    window.close()


def test_wizard_checks_fields(qtbot):
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # no agency
    assert dialog.isVisible() and "หน่วยงาน" in dialog.error.text()
    type_text(dialog.agency, "สำนักงานเขตบางรัก")
    dialog.rc.setChecked(True)
    type_text(dialog.custom_label, "รอบพิเศษ")
    type_text(dialog.custom_start, "๑/๑๐/๒๕๖๖")
    type_text(dialog.custom_end, "31/12/2566")
    dialog.year.setValue(2567)
    dialog.accept()
    assert dialog.report is not None and dialog.report.round.kind == "custom"
    assert dialog.report.round.start.isoformat() == "2023-10-01"


def test_parse_be_date():
    assert parse_be_date("15/3/2567").isoformat() == "2024-03-15"
    assert parse_be_date("") is None


def test_wizard_never_keeps_another_years_framework(qtbot):
    """Typing 2567 chooses ita-2567; typing 2570 next must not leave ita-2567 chosen."""
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    dialog.agency.setText("สำนักงานเขตทดสอบ")
    for year, expected in ((2567, "ita-2567"), (2570, None), (2569, "ita-2569"),
                           (2567, "ita-2567"), (2570, None)):
        dialog.year.setValue(year)
        assert dialog.framework.currentData() == expected, year
    assert "2570" in dialog.framework_note.text()
    with pytest.raises(ValueError, match="2570"):
        dialog.build()  # no framework chosen: refused, not created on another year's
    dialog.framework.setCurrentIndex(dialog.framework.findData("ita-2569"))  # the clerk's choice
    report = dialog.build()
    assert (report.fiscal_year, report.framework) == (2570, "ita-2569")
    assert "2569" in dialog.custom_start.placeholderText()  # examples follow the year
    dialog.year.setValue(2568)
    assert dialog.framework.currentData() == "ita-2568" and not dialog.framework_note.text()
