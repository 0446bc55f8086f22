"""Editor behaviour: finalise (read-only) and reopen with a reason, jumping from the check,
preview wiring, photo drop and paste, measure drag, font size, navigator completeness."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from ita_desktop.gui.app import build_window
from ita_desktop.gui.settings import Settings
from tests.gui.helpers import make_files, on_modal


def test_finalise_makes_read_only_and_reopen_asks_reason(demo_window, qtbot):
    w = demo_window
    report_id = w.editor.report_id
    on_modal(lambda dialog: dialog.accept())  # the check has only warnings: finalise
    w.finalise()
    assert w.session.report(report_id).is_final
    assert w.editor.banner.isVisible() and not w.act_add.isEnabled()
    card = next(iter(w.editor.current_form().cards.values()))
    assert card.issue.isReadOnly() and not card.delete_button.isVisible()

    def answer(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("แก้ไขคะแนนตามผลประเมินจริง")
        dialog.accept()

    on_modal(answer)
    w.reopen()
    report = w.session.report(report_id)
    assert not report.is_final and report.reopen_log[-1].reason == "แก้ไขคะแนนตามผลประเมินจริง"
    assert not card.issue.isReadOnly()


def test_jump_from_finalise_check(demo_window):
    w = demo_window
    target = next(e for e in w.editor.report.entries if e.indicator == 9)

    def jump(dialog) -> None:
        dialog.jump_requested.emit(target.id)
        dialog.reject()

    on_modal(jump)
    w.finalise()
    assert w.editor.current_indicator == 9
    assert not w.session.report(w.editor.report_id).is_final


def test_preview_gets_a_pdf_renderer(demo_window, monkeypatch):
    import ita_desktop.gui.printing.preview as preview

    seen = {}

    class Stub:
        def __init__(self, render, suggested_name, parent=None):  # noqa: ANN001
            seen["pdf"] = render()
            seen["name"] = suggested_name

        def setAttribute(self, attribute, on=True) -> None:  # noqa: ANN001, N802 - Qt API
            seen["attribute"] = (attribute, on)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(preview, "PreviewDialog", Stub)
    demo_window.preview()
    assert seen["pdf"].startswith(b"%PDF") and seen["name"].endswith(".pdf")
    assert seen["attribute"] == (Qt.WidgetAttribute.WA_DeleteOnClose, True)  # not leaked


def _drop(widget, mime: QMimeData) -> None:
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_photos_by_drop_and_paste(demo_window, qtbot, tmp_path):
    form = demo_window.editor.current_form()
    card = next(iter(form.cards.values()))
    strip = card.photos
    before = strip.list.count()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(p) for p in make_files(tmp_path, 2)])
    _drop(strip.list, mime)
    qtbot.waitUntil(lambda: not strip.is_importing(), timeout=20000)
    assert strip.list.count() == before + 2
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    QGuiApplication.clipboard().setImage(image)
    strip.paste()
    qtbot.waitUntil(lambda: not strip.is_importing(), timeout=20000)
    assert strip.list.count() == before + 3


def test_measure_drag_reorders(demo_window, qtbot):
    form = demo_window.editor.current_form()
    card = next(c for c in form.cards.values() if len(c.measures.values()) >= 2)
    first, second = card.measures.values()[:2]
    mime = QMimeData()
    mime.setData("application/x-ita-measure-row", b"1")
    row0 = card.measures._rows[0]
    event = QDropEvent(QPointF(5, row0.geometry().top() + 1), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    card.measures.dropEvent(event)
    demo_window.editor.flush()
    stored = demo_window.session.entry(card.entry_id).measures
    assert stored[:2] == [second, first]


def test_font_size_is_adjustable_and_kept(demo_window):
    size = Settings().font_pt
    demo_window.change_font(+1)
    assert Settings().font_pt == size + 1
    assert QApplication.font().pointSize() == size + 1
    assert demo_window.editor is not None  # the open report stays open
    demo_window.change_font(0)
    assert QApplication.font().pointSize() == size


def test_navigator_marks_complete_entries(demo_window):
    nav = demo_window.editor.navigator
    texts = [nav._items[("entry", e.id)].text(0) for e in demo_window.editor.report.entries]
    assert any(t.startswith("✓") for t in texts) and any(t.startswith("○") for t in texts)


def test_new_db_from_other_database(demo_window, tmp_path: Path):
    assert demo_window.switch_database(str(tmp_path / "other.sqlite"))
    assert demo_window.start.pages.currentIndex() == 1
    assert Settings().last_db == str(tmp_path / "other.sqlite")


def test_tab_order_runs_through_a_card(demo_window):
    form = demo_window.editor.current_form()
    card = next(c for c in form.cards.values() if len(c.measures.values()) >= 2)
    boxes = card.measures.text_boxes()
    chain = [card.item_text, card.score, card.issue, *boxes, card.measures.add_button,
             card.result, card.photos.list]
    for first, second in zip(chain, chain[1:], strict=False):
        assert first.nextInFocusChain() is second or _next_focusable(first) is second, \
            (first, second)


def _next_focusable(widget):  # noqa: ANN001, ANN202
    from PySide6.QtCore import Qt as _Qt

    nxt = widget.nextInFocusChain()
    while nxt is not widget and not (nxt.focusPolicy() & _Qt.FocusPolicy.TabFocus
                                     and nxt.isEnabled()):
        nxt = nxt.nextInFocusChain()
    return nxt


def test_navigator_keyboard(demo_window, qtbot):
    from PySide6.QtTest import QTest

    w = demo_window
    nav = w.editor.navigator
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    nav.setFocus()
    entry = next(e for e in w.editor.report.entries if e.indicator == 7)
    nav.setCurrentItem(nav._items[("indicator", 7)])
    assert w.editor.current_indicator == 7
    QTest.keyClick(nav, Qt.Key.Key_Down)  # onto the first entry: shown, focus stays
    assert nav.hasFocus()
    QTest.keyClick(nav, Qt.Key.Key_Return)  # Enter: into the card
    card = w.editor.forms[7].card(entry.id)
    qtbot.waitUntil(lambda: card.score.hasFocus(), timeout=2000)


def test_closing_during_photo_import_keeps_the_photos(qtbot, db_path, tmp_path):
    from ita_desktop.core.store import Store

    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    window.start.open_demo()
    card = next(iter(window.editor.current_form().cards.values()))
    before = len(window.session.entry(card.entry_id).photos)
    card.photos.import_files(make_files(tmp_path, 4))
    entry_id = card.entry_id
    window.close()  # at once, while the worker is still busy
    with Store.open(db_path) as store:
        assert len(store.get_entry(entry_id).photos) == before + 4


def test_a_busy_database_is_retried_not_lost(demo_window, monkeypatch, qtbot):
    import sqlite3

    card = next(iter(demo_window.editor.current_form().cards.values()))
    real = demo_window.session.update_entry
    calls = {"n": 0}

    def flaky(entry_id, **fields):  # noqa: ANN001, ANN003
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(entry_id, **fields)

    monkeypatch.setattr(demo_window.session, "update_entry", flaky)
    card.result.setFocus()
    card.result.moveCursor(card.result.textCursor().MoveOperation.End)
    card.result.insertPlainText(" เพิ่มเติม")
    qtbot.waitUntil(lambda: calls["n"] >= 2, timeout=5000)
    assert demo_window.session.entry(card.entry_id).result.endswith(" เพิ่มเติม")
    assert card.save_error.isHidden()


def test_export_import_and_consolidation_are_wired(demo_window, monkeypatch):
    import ita_desktop.gui.packages.export_dialog as export_dialog

    seen = {}
    monkeypatch.setattr(export_dialog, "export_report",
                        lambda parent, session, report_id: seen.update(id=report_id))
    assert demo_window.act_export.isEnabled()
    demo_window.export()
    assert seen["id"] == demo_window.editor.report_id
    on_modal(lambda dialog: dialog.reject())
    demo_window.import_packages()
    demo_window.consolidate()
    window, _session = demo_window._consolidation
    assert window.isVisible()
    window.close()


def test_packages_dropped_on_the_window_are_imported(demo_window, monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(demo_window, "import_packages", lambda files=None: seen.append(files))
    package = tmp_path / "เขตปทุมวัน-2567-6m.itapkg"
    package.write_bytes(b"PK")
    for name, expected in ((package, [str(package)]), (tmp_path / "photo.jpg", None)):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(name))])
        _drop(demo_window, mime)
        assert (seen[-1] if seen else None) == expected
        seen.clear()


def test_tab_goes_through_the_cards_in_report_order(demo_window):
    editor = demo_window.editor
    editor.show_indicator(8)
    form = editor.forms[8]
    form.ensure_all()
    cards = [form.cards[e.id] for e in editor.report.entries if e.indicator == 8]
    for before, after in zip(cards, cards[1:], strict=False):
        assert _next_focusable(before.delete_button) is after.item_text


def test_items_move_within_their_indicator_and_undo(demo_window, qtbot):
    editor = demo_window.editor
    editor.show_indicator(8)
    form = editor.forms[8]
    form.ensure_all()
    before = [e.id for e in editor.report.entries if e.indicator == 8]
    first = form.cards[before[0]]
    first.down_button.click()
    after = [e.id for e in demo_window.session.report(editor.report_id).entries
             if e.indicator == 8]
    assert after == [before[1], before[0], *before[2:]]
    assert form._order == after  # the cards follow
    second = form.cards[before[1]]
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    second.issue.setFocus()
    QTest.keyClick(second.issue, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    moved = [e.id for e in demo_window.session.report(editor.report_id).entries
             if e.indicator == 8]
    assert moved == [before[0], before[1], *before[2:]]
    demo_window.undo()
    demo_window.undo()
    assert [e.id for e in demo_window.session.report(editor.report_id).entries
            if e.indicator == 8] == before


def test_a_refused_finalise_does_not_say_final(demo_window, monkeypatch):
    """QA 25 Nov: when the store refused to finalise, the warning was followed by
    "The report is final." in the status bar."""
    from ita_desktop.core.base.errors import ValidationError
    from ita_desktop.gui.i18n import _

    w = demo_window

    def refuse(_report_id: int) -> None:
        raise ValidationError("ฐานข้อมูลไม่ว่าง ลองอีกครั้ง", field="status")

    monkeypatch.setattr(w.session, "finalise", refuse)
    shown: list[str] = []
    monkeypatch.setattr("ita_desktop.gui.mainwindow.QMessageBox.warning",
                        lambda _parent, _title, text: shown.append(text))
    on_modal(lambda dialog: dialog.accept())  # only warnings: the clerk finalises
    w.finalise()
    assert shown == ["ฐานข้อมูลไม่ว่าง ลองอีกครั้ง"]
    assert w.statusBar().currentMessage() != _("The report is final.")
    assert w.act_finalise.isEnabled()


def test_a_bad_photo_is_named_once(demo_window, qtbot, tmp_path):
    """QA 25 Nov: "fake.jpg: ไฟล์ “fake.jpg” ไม่ใช่รูปภาพ" named the file twice."""
    card = next(iter(demo_window.editor.current_form().cards.values()))
    bad = tmp_path / "fake.jpg"
    bad.write_text("not a picture")
    card.photos.import_files([str(bad)])
    qtbot.waitUntil(lambda: not card.photos.is_importing(), timeout=20000)
    text = card.photos.messages.text()
    assert text.count("fake.jpg") == 1, text


def test_measure_keys_do_nothing_in_a_final_report(demo_window, qtbot):
    """QA 25 Nov: in a final report Alt+Down and Ctrl+Enter in a measure still reordered the
    list and added an empty measure on screen (the database kept the old list)."""
    w = demo_window
    w.session.finalise(w.editor.report_id)
    card = next(c for c in w.editor.current_form().cards.values()
                if len(c.measures.values()) >= 2)
    before = card.measures.values()
    box = card.measures.text_boxes()[0]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert card.measures.values() == before
    assert box.toPlainText() == before[0]


def test_leaving_a_report_with_a_refused_score_says_so(demo_window, qtbot):
    """QA 25 Nov: a score typed as "8O" (letter O) showed its error, but Ctrl+L left the report
    silently and the old score stayed in the database without the clerk knowing."""
    from tests.gui.helpers import type_text

    w = demo_window
    card = next(iter(w.editor.current_form().cards.values()))
    card.score.setFocus()
    card.score.selectAll()
    type_text(card.score, "8O")
    seen: list[str] = []

    def go_back(box) -> None:
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "กลับไปแก้ไข").click()

    on_modal(go_back)
    w.show_start()
    assert seen and "“8O”" in seen[0] and "ไม่ได้บันทึก" in seen[0]
    assert w.pages.currentWidget() is w.editor  # still in the report, at that entry

    def leave(box) -> None:
        next(b for b in box.buttons() if b.text() == "ออกจากรายงาน").click()

    on_modal(leave)
    w.show_start()
    assert w.pages.currentWidget() is w.start
