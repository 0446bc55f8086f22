"""The clerk's path: new report → items in two indicators → Thai text in every field →
photos (one bad file) → reorder → close → reopen → everything is there."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ita_desktop.core.store import Store
from ita_desktop.gui.app import build_window
from ita_desktop.gui.editor.add_item import AddItemDialog
from ita_desktop.gui.start.wizard import NewReportDialog
from tests.gui.helpers import make_files, on_modal, type_text

ISSUE = "ผู้รับบริการยังไม่ทราบช่องทางร้องเรียน"
MEASURES = ["จัดทำป้ายประชาสัมพันธ์ช่องทางร้องเรียนที่จุดบริการ", "เผยแพร่ข่าวสารทางเว็บไซต์และเฟซบุ๊กของสำนักงาน"]
RESULT = "ประชาชนรับรู้ช่องทางร้องเรียนเพิ่มขึ้น มีผู้ใช้บริการ ๑๒๓ ราย"
WORDING = "เจ้าหน้าที่ของหน่วยงานปฏิบัติงานอย่างเป็นธรรม (ถ้อยคำที่แก้ไข)"


def _new_report(window, qtbot) -> None:
    def fill(dialog) -> None:
        assert isinstance(dialog, NewReportDialog)
        type_text(dialog.agency, "สำนักงานเขตทดสอบ")
        type_text(dialog.parent_org, "กรุงเทพมหานคร")
        dialog.year.setValue(2567)
        dialog.accept()

    on_modal(fill)
    window.new_report()
    assert window.editor is not None


def _add_item(window, indicator: int, search: str | None = None, label: str | None = None):
    window.editor.show_indicator(indicator)

    def pick(dialog) -> None:
        assert isinstance(dialog, AddItemDialog)
        if search is not None:
            type_text(dialog.search, search)
        else:
            dialog.label_button.setChecked(True)
            type_text(dialog.label, label)
        dialog.accept()

    on_modal(pick)
    window.add_item()
    form = window.editor.forms[indicator]
    return list(form.cards.values())[-1]


def _type(widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


def test_clerk_path(qtbot, tmp_path, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.start.pages.currentIndex() == 1  # empty database: demo + new offered
    _new_report(window, qtbot)

    card_a = _add_item(window, 6, search="e2")
    card_b = _add_item(window, 9, label="การเปิดเผยข้อมูลตามกฎหมาย")
    assert card_a.code.text() == "E2" and card_b.code.text() == "การเปิดเผยข้อมูลตามกฎหมาย"
    form_a = window.editor.forms[6]
    assert not form_a.wording_hint.isHidden() and "E2" in form_a.wording_hint.text()  # unchecked

    # every field with Thai text
    card_a.item_text.selectAll()
    _type(card_a.item_text, WORDING)
    _type(card_a.score, "abc")
    qtbot.waitUntil(lambda: not card_a.score_error.isHidden(), timeout=2000)
    assert "ไม่ใช่ตัวเลข" in card_a.score_error.text()
    card_a.score.clear()
    _type(card_a.score, "๗๓.๓๔")
    qtbot.waitUntil(lambda: form_a.wording_hint.isHidden(), timeout=3000)  # corrected: no hint
    _type(card_a.issue, ISSUE)
    _type(card_a.measures.text_boxes()[0], MEASURES[1])
    card_a.measures.add(1)
    _type(card_a.measures.text_boxes()[1], MEASURES[0])
    _type(card_a.result, RESULT)
    _type(card_b.issue, "ยังไม่มีข้อมูลเผยแพร่")
    _type(card_b.score, "90")
    qtbot.waitUntil(lambda: not window.editor.debouncer._pending, timeout=3000)
    assert not not card_a.score_error.isHidden()
    assert card_a.score_flag.text()  # 73.34 is below the pass mark 85

    # reorder measures with the keyboard: the second moves up
    box = card_a.measures.text_boxes()[1]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not window.editor.debouncer._pending, timeout=3000)

    # photos: three good, one bad
    files = make_files(tmp_path, 3)
    bad = tmp_path / "ไม่ใช่ภาพ.jpg"
    bad.write_text("this is not a picture")
    strip = card_a.photos
    strip.import_files([files[0], str(bad), files[1], files[2]])
    qtbot.waitUntil(lambda: not strip.is_importing(), timeout=20000)
    assert strip.list.count() == 3
    assert "ไม่ใช่ภาพ.jpg" in strip.messages.text()
    # reorder: the first photo goes last; rotate; caption
    strip.list.setCurrentRow(0)
    first_id = strip.current_id()
    strip.move_current(+1)
    strip.move_current(+1)
    strip.rotate_current()
    item = strip.list.currentItem()
    item.setText("ป้ายประชาสัมพันธ์ที่จุดบริการ")
    order = [strip.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert order[-1] == first_id

    report_id = window.editor.report_id
    # ... and one last keystroke still pending when the window closes
    _type(card_b.result, "เผยแพร่แล้ว")
    window.close()

    with Store.open(db_path) as store:
        report = store.get_report(report_id)
    a, b = report.entries
    assert a.item == "e2" and a.item_text == WORDING and a.score == Decimal("73.34")
    assert a.issue == ISSUE and a.measures == MEASURES and a.result == RESULT
    assert [p.id for p in a.photos] == order and a.photos[-1].rotation == 1
    assert a.photos[-1].caption == "ป้ายประชาสัมพันธ์ที่จุดบริการ"
    assert b.label == "การเปิดเผยข้อมูลตามกฎหมาย" and b.indicator == 9
    assert b.score == Decimal("90.00") and b.result == "เผยแพร่แล้ว"

    # reopen: the GUI shows it all again
    again = build_window(str(db_path))
    qtbot.addWidget(again)
    again.show()
    again.open_report(report_id)
    form = again.editor.form(6)
    card = form.card(a.id)
    assert card.item_text.text() == WORDING and card.score.text() == "73.34"
    assert card.measures.values() == MEASURES and card.photos.list.count() == 3
    again.close()


def test_undo_redo_by_keyboard(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    _new_report(window, qtbot)
    card = _add_item(window, 6, search="e1")
    _type(card.issue, "ข้อความแรก")
    qtbot.waitUntil(lambda: not window.editor.debouncer._pending, timeout=3000)
    window.session._history.done[-1].at -= 10  # the next edit starts a new undo step
    _type(card.issue, " เพิ่ม")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card.issue.setFocus()
    QTest.keyClick(card.issue, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.issue.text() == "ข้อความแรก"
    card.score.setFocus()  # a line edit's own undo does not take the keys either
    QTest.keyClick(card.score, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert card.issue.text() == "ข้อความแรก เพิ่ม"
    window.close()
