"""Catalogs: Thai by default, the shipped compiled catalog, complete; a pseudo-locale (every
string about twice as long) shows no clipped label in the main screens and dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from ita_desktop.gui import i18n
from ita_desktop.gui.add_item import AddItemDialog
from ita_desktop.gui.app import build_window
from ita_desktop.gui.properties import PropertiesDialog
from ita_desktop.gui.settings import Settings
from ita_desktop.gui.wizard import NewReportDialog

PO_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"  # the source catalogs


def test_thai_is_default_and_the_shipped_catalog_loads():
    assert Settings().language == "th"
    assert i18n.translations_dir() == i18n.paths.locale_dir()
    catalog = i18n.load_catalog("th")
    assert catalog.gettext("Saved {time}") == "บันทึกแล้ว {time}"


def test_every_gui_string_has_a_thai_translation():
    from babel.messages.pofile import read_po

    po = PO_DIR / "th" / "LC_MESSAGES" / "ita_desktop.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    untranslated = [m.id for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []



def test_latin_words_in_thai_are_set_off_by_spaces():
    """QA 25 Nov: "แฟลชไดรฟ์ USBหรือแนบ…" glued a Latin word to the Thai after it."""
    import re

    from babel.messages.pofile import read_po

    po = PO_DIR / "th" / "LC_MESSAGES" / "ita_desktop.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    glued = re.compile(r"[A-Za-z][\u0e01-\u0e4e]|[\u0e01-\u0e4e][A-Za-z]")
    strings = [s for m in catalog if m.id
               for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    assert [s for s in strings if glued.search(s)] == []

def test_language_choice_is_persisted(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.set_language("en")
    assert Settings().language == "en"
    assert window.menuBar().actions()[0].text() == "&File"
    window.set_language("th")
    assert window.menuBar().actions()[0].text() == "แฟ้ม (&F)"
    window.close()


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons narrower than their text needs."""
    out = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 1:
            continue
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() \
                and widget.pixmap().isNull():
            if widget.width() < widget.minimumSizeHint().width() - 1:
                out.append(f"label {widget.text()!r}: {widget.width()} < "
                           f"{widget.minimumSizeHint().width()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < widget.sizeHint().width() - 1:
                out.append(f"button {widget.text()!r}: {widget.width()} < "
                           f"{widget.sizeHint().width()}")
    return out


@pytest.mark.parametrize(("language", "font_pt"), [("th", 11), ("pseudo", 11), ("th", 15)])
def test_no_clipped_labels(qtbot, db_path, language, font_pt):
    i18n.set_language(language)
    Settings().font_pt = font_pt
    window = build_window(str(db_path))
    i18n.set_language(language)  # build_window applies the saved setting; test this one
    window.rebuild()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    problems = clipped(window)
    window.start.open_demo()
    QApplication.processEvents()
    window.editor.show_indicator(8)
    QApplication.processEvents()
    problems += clipped(window)
    assert window.width() <= 1366 and window.minimumSizeHint().width() <= 1366
    if language == "pseudo":
        window.grab().save(str(db_path.parent / "pseudo.png"))
        assert window.editor.forms[8].add_button.text().startswith("[")
    report = window.session.report(window.editor.report_id)
    framework = window.session.framework(report)
    for dialog in (NewReportDialog(window), PropertiesDialog(window.session, report, window),
                   AddItemDialog(framework.indicator(8), set(), lambda e: None, window)):
        dialog.show()
        QApplication.processEvents()
        problems += [f"{type(dialog).__name__}: {p}" for p in clipped(dialog)]
        dialog.close()
    window.close()
    assert problems == []


def test_every_string_in_the_source_is_in_the_thai_catalog():
    """A string added to the GUI without rerunning update_catalogs.py would show in English."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(i18n.__file__).resolve().parents[2]
    po = PO_DIR / "th" / "LC_MESSAGES" / "ita_desktop.po"
    with po.open("rb") as stream:
        known = {m.id for m in read_po(stream) if m.id}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(root / "ita_desktop" / "gui"),
            keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
        found.add(message)
    assert len(found) > 100  # the extraction really read the GUI
    missing = sorted(str(m) for m in found if m not in known)
    assert missing == [], "run resources/translations/tools/update_catalogs.py"


def test_qt_own_buttons_and_menus_are_thai(qtbot):
    """QA 25 Nov: the reopen dialog and every message box showed "OK" / "Cancel", and the
    right-click menu of a text field "Copy" / "Paste": Qt has no Thai of its own."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

    from ita_desktop.gui.app import create_app

    create_app()  # installs the translator (once)
    box = QMessageBox(QMessageBox.Icon.Warning, "t", "x", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "ตกลง"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "ยกเลิก"
    for field in (QLineEdit(), QPlainTextEdit()):
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions()]
        assert "คัดลอก (&C)" in texts and "วาง (&P)" in texts, texts
        assert "เลือกทั้งหมด" in texts, texts
        menu.deleteLater()
    i18n.set_language("en")
    box = QMessageBox(QMessageBox.Icon.Warning, "t", "x", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "OK"
