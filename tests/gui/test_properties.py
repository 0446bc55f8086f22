"""Report properties autosave like the cards: every edit reaches the database within a second
without pressing anything; a refused value shows the core's message and leaves the database as
it was; the fiscal year and the round stay consistent; Close (or Escape) saves what is
pending; Ctrl+Z undoes; a final report is read-only."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ita_desktop.core.report.model import Person, Round
from ita_desktop.core.store import Store
from ita_desktop.gui.app import build_window
from ita_desktop.gui.editor.properties import PropertiesDialog
from tests.gui.helpers import on_modal, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def report_id(session) -> int:  # noqa: ANN001
    return session.create_demo()


@pytest.fixture
def dialog(qtbot, session, report_id):  # noqa: ANN001
    dlg = PropertiesDialog(session, session.report(report_id))
    qtbot.addWidget(dlg)
    dlg.show()
    QApplication.processEvents()
    return dlg


def stored(session, report_id):  # noqa: ANN001
    return session.store.get_report(report_id)


def retype(widget, text: str) -> None:  # noqa: ANN001
    """Select everything in a line edit and type ``text`` key by key (empty: delete it)."""
    widget.setFocus()
    widget.selectAll()
    if text:
        type_text(widget, text)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Delete)


def within_a_second(qtbot, condition) -> float:  # noqa: ANN001
    start = time.monotonic()
    qtbot.waitUntil(condition, timeout=1000)
    return time.monotonic() - start


@pytest.mark.parametrize(("field", "text", "read"), [
    ("title", "รายงานทดสอบการบันทึกอัตโนมัติ", lambda r: r.title),
    ("agency", "สำนักงานเขตบางรัก", lambda r: r.agency),
    ("parent_org", "กรุงเทพมหานคร ฝ่ายโยธา", lambda r: r.parent),
    ("preparer.name", "นางสาวสมใจ ใจดี", lambda r: r.preparer.name),
    ("certifier.position", "ผู้อำนวยการเขต", lambda r: r.certifier.position),
])
def test_text_fields_reach_the_database_within_a_second(qtbot, session, report_id, dialog,
                                                         field, text, read):
    widget = dialog
    for part in field.split("."):
        widget = getattr(widget, part)
    retype(widget, text)
    within_a_second(qtbot, lambda: read(stored(session, report_id)) == text)
    with Store.open(session.store.path) as other:  # really in the file, for anyone to read
        assert read(other.get_report(report_id)) == text


def test_choices_and_check_boxes_save_at_once(session, report_id, dialog):
    before = stored(session, report_id)
    assert before.digits == "thai" and before.show_signatures and not before.cover_page
    dialog.arabic_digits.click()
    assert stored(session, report_id).digits == "arabic"
    dialog.signatures.click()
    assert stored(session, report_id).show_signatures is False
    dialog.cover.click()
    assert stored(session, report_id).cover_page is True
    dialog.r12.click()
    assert stored(session, report_id).round == Round.standard("12m", before.fiscal_year)


def test_a_whole_date_saves_at_once_a_half_typed_one_waits(qtbot, session, report_id, dialog):
    date = dialog.preparer.date
    date.setFocus()
    type_text(date, "31/3/25")  # still typing the year: nothing saved, no message yet
    assert stored(session, report_id).preparer.date is None
    assert dialog.preparer.date_error.isHidden()
    type_text(date, "67")
    assert stored(session, report_id).preparer.date == dt.date(2024, 3, 31)
    retype(date, "๓๑/๑๓/๒๕๖๗")  # Thai digits, no 13th month
    qtbot.waitUntil(lambda: not dialog.preparer.date_error.isHidden(), timeout=1000)
    today = __import__("datetime").date.today()  # the example: this fiscal year's first day
    first = today.year + 543 - (1 if today.month < 10 else 0)
    assert f"1/10/{first}" in dialog.preparer.date_error.text()
    assert stored(session, report_id).preparer.date == dt.date(2024, 3, 31)
    retype(date, "")  # emptying the date saves "no date"
    assert stored(session, report_id).preparer.date is None
    assert dialog.preparer.date_error.isHidden()


def test_parts_of_a_signer_typed_together_are_all_kept(session, report_id, dialog):
    box = dialog.certifier
    type_text(box.name, "นายใหญ่ ใจกว้าง")  # pending when the date below saves at once
    type_text(box.position, "ผู้อำนวยการ")
    type_text(box.date, "1/4/2567")
    assert stored(session, report_id).certifier == Person(
        "นายใหญ่ ใจกว้าง", "ผู้อำนวยการ", dt.date(2024, 4, 1))
    session.undo()  # one step: the three parts were typed within two seconds
    assert stored(session, report_id).certifier == Person()


def test_fiscal_year_and_standard_round_save_together(session, report_id, dialog):
    assert stored(session, report_id).round.kind == "6m"
    dialog.year.setValue(2568)
    report = stored(session, report_id)
    assert report.fiscal_year == 2568
    assert report.round == Round.standard("6m", 2568)  # the dates followed the year
    dialog.r12.click()
    dialog.year.stepDown()
    report = stored(session, report_id)
    assert (report.fiscal_year, report.round) == (2567, Round.standard("12m", 2567))
    assert dialog.custom_end.text() == "30/9/2567"  # the greyed period shows the round


def test_custom_round_saves_when_valid_and_never_leaves_the_fiscal_year(qtbot, session,
                                                                        report_id, dialog):
    before = stored(session, report_id).round
    dialog.rc.click()  # no name yet: a message, nothing saved
    assert "ระบุชื่อรอบ" in dialog.round_error.text() and not dialog.round_error.isHidden()
    assert stored(session, report_id).round == before
    assert dialog.custom_label.hasFocus()
    retype(dialog.custom_label, "ไตรมาสแรก")
    retype(dialog.custom_end, "31/12/2566")
    custom = Round("custom", dt.date(2023, 10, 1), dt.date(2023, 12, 31), "ไตรมาสแรก")
    within_a_second(qtbot, lambda: stored(session, report_id).round == custom)
    assert dialog.round_error.isHidden()

    retype(dialog.custom_end, "31/12/2567")  # outside fiscal year 2567: the core says so
    assert "ไม่อยู่ในปีงบประมาณ" in dialog.round_error.text()
    assert not dialog.round_error.isHidden()
    QApplication.processEvents()  # the long message wraps and is not clipped or overlapped
    message = dialog.round_error
    assert message.height() >= message.heightForWidth(message.width())
    assert message.geometry().bottom() < dialog.thai_digits.mapTo(dialog, dialog.thai_digits
                                                                 .rect().topLeft()).y()
    assert stored(session, report_id).round == custom  # the last valid round stays

    dialog.year.setValue(2568)  # the period 1/10/2566–31/12/2567 is not in 2568 either
    assert "ไม่อยู่ในปีงบประมาณ" in dialog.year_error.text()
    assert stored(session, report_id).fiscal_year == 2567
    retype(dialog.custom_start, "1/10/2567")  # now the period fits 2568: both are saved
    report = stored(session, report_id)
    assert (report.fiscal_year, report.round) == (
        2568, Round("custom", dt.date(2024, 10, 1), dt.date(2024, 12, 31), "ไตรมาสแรก"))
    assert dialog.year_error.isHidden() and dialog.round_error.isHidden()


def test_empty_agency_shows_the_message_and_is_not_saved(qtbot, session, report_id, dialog):
    before = stored(session, report_id).agency
    retype(dialog.agency, "")
    qtbot.waitUntil(lambda: not dialog.agency_error.isHidden(), timeout=1000)
    assert dialog.agency_error.text().startswith("ยังไม่ได้ระบุชื่อหน่วยงาน")
    assert stored(session, report_id).agency == before
    type_text(dialog.agency, "สำนักงานเขตสาทร")
    within_a_second(qtbot, lambda: stored(session, report_id).agency == "สำนักงานเขตสาทร")
    assert dialog.agency_error.isHidden()


def test_one_close_button_and_closing_saves_what_is_pending(session, report_id, dialog):
    box = dialog.findChild(QDialogButtonBox)
    assert [b.text() for b in box.buttons()] == ["ปิด"]
    retype(dialog.preparer.name, "นายสมชาย")
    retype(dialog.title, "ชื่อที่ยังไม่ได้บันทึก")  # (leaving the name saved it)
    assert stored(session, report_id).preparer == Person("นายสมชาย", "", None)
    assert stored(session, report_id).title is None  # still pending
    dialog.close_button.click()
    assert not dialog.isVisible()
    assert stored(session, report_id).title == "ชื่อที่ยังไม่ได้บันทึก"


def test_escape_closes_and_saves(qtbot, session, report_id, dialog):
    retype(dialog.parent_org, "สังกัดใหม่")
    QTest.keyClick(dialog.parent_org, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert stored(session, report_id).parent == "สังกัดใหม่"


def test_ctrl_z_in_the_main_window_undoes_property_edits(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start.open_demo()
    QApplication.processEvents()
    session, report_id = window.session, window.editor.report_id
    before = stored(session, report_id)

    def edit(dlg) -> None:
        retype(dlg.agency, "สำนักงานเขตบางรัก")
        dlg.r12.click()
        dlg.close_button.click()

    on_modal(edit)
    window.edit_properties()
    assert stored(session, report_id).round.kind == "12m"
    assert window.editor.title.text() == stored(session, report_id).display_title
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored(session, report_id).round == before.round
    assert stored(session, report_id).agency == "สำนักงานเขตบางรัก"
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored(session, report_id).agency == before.agency
    QTest.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert stored(session, report_id).agency == "สำนักงานเขตบางรัก"
    window.close()


def test_ctrl_z_in_the_dialog_undoes_and_shows_the_old_value(qtbot, session, report_id,
                                                             dialog):
    before = stored(session, report_id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    retype(dialog.agency, "สำนักงานเขตบางรัก")
    dialog.cover.click()
    QTest.keyClick(dialog.agency, Qt.Key.Key_Z, CTRL)  # the cover page
    assert stored(session, report_id).cover_page == before.cover_page
    assert dialog.cover.isChecked() == before.cover_page
    QTest.keyClick(dialog.agency, Qt.Key.Key_Z, CTRL)  # the pending agency was saved first
    assert stored(session, report_id).agency == before.agency
    assert dialog.agency.text() == before.agency


def test_final_report_opens_read_only(qtbot, session, report_id):
    session.finalise(report_id)
    before = stored(session, report_id)
    dlg = PropertiesDialog(session, session.report(report_id))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.banner.isHidden()
    assert dlg.agency.isReadOnly() and dlg.preparer.date.isReadOnly() and dlg.year.isReadOnly()
    assert not dlg.r12.isEnabled() and not dlg.cover.isEnabled()
    type_text(dlg.agency, "x")
    dlg.close_button.click()
    after = stored(session, report_id)
    assert (after.agency, after.updated_at) == (before.agency, before.updated_at)
