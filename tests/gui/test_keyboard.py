"""The clerk's main path with the keyboard only: new report, add an item, fill the card by
Tab, undo — no mouse."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ita_desktop.gui.app import build_window
from tests.gui.helpers import on_modal, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _focused():
    return QApplication.focusWidget()


def test_keyboard_only(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    def wizard(dialog) -> None:
        # a year the program has a framework for (today's fiscal year may have none, and the
        # wizard then waits for the clerk to choose one)
        dialog.year.setValue(2569)
        type_text(_focused(), "สำนักงานเขตทดสอบ")  # the first field has the focus
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
        type_text(_focused(), "กรุงเทพมหานคร")
        QTest.keyClick(_focused(), Qt.Key.Key_Return)  # the default button: create

    on_modal(wizard, active=True)
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.editor is not None
    window.editor.show_indicator(6)
    window.activateWindow()  # the offscreen platform does not give it back by itself
    qtbot.waitUntil(window.isActiveWindow)

    def pick(dialog) -> None:
        type_text(_focused(), "e3")  # the search field has the focus
        QTest.keyClick(_focused(), Qt.Key.Key_Return)

    on_modal(pick, active=True)
    QTest.keyClick(window, Qt.Key.Key_I, CTRL)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card = next(iter(window.editor.forms[6].cards.values()))
    assert card.code.text() == "E3"
    qtbot.waitUntil(lambda: card.score.hasFocus(), timeout=2000)  # the new card is ready
    type_text(_focused(), "๙๐")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert card.issue.hasFocus()
    type_text(_focused(), "ประเด็น")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is card.measures.text_boxes()[0]
    type_text(_focused(), "มาตรการแรก")
    QTest.keyClick(_focused(), Qt.Key.Key_Return, CTRL)  # a second measure below
    type_text(_focused(), "มาตรการที่สอง")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is card.measures.add_button
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is card.result
    type_text(_focused(), "ผลการดำเนินการ")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is card.photos.list
    window.editor.flush()
    entry = window.session.entry(card.entry_id)
    assert entry.score == Decimal("90.00") and entry.issue == "ประเด็น"
    assert entry.measures == ["มาตรการแรก", "มาตรการที่สอง"] and entry.result == "ผลการดำเนินการ"
    QTest.keyClick(_focused(), Qt.Key.Key_Z, CTRL)
    assert window.session.entry(card.entry_id).result == ""
    window.close()
