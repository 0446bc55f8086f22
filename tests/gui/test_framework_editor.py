"""The framework editor in the window (gui/frameworks/): a new framework for 2570 from ita-2568,
edited as a clerk would (wording, a new item, a duplicate code seen and fixed), saved to the
user's forms folder and loaded by the core; a framework a report uses saved as a new version;
the menu entries; Undo; closing with unsaved changes asks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from ita_desktop.core.base import paths
from ita_desktop.core.framework import catalog
from ita_desktop.core.framework import editing as E
from ita_desktop.core.framework.definition import load_framework_file
from ita_desktop.core.framework.draft import new_draft, node_at, open_draft
from ita_desktop.gui.frameworks.editor_dialog import FrameworkEditorDialog
from ita_desktop.gui.i18n import _
from tests.gui.helpers import on_modal, type_text


def editor(qtbot, draft, used=None, save=None) -> FrameworkEditorDialog:  # noqa: ANN001
    used = used or {}
    dialog = FrameworkEditorDialog(draft, used=used, save=save or (lambda d: E.save(d, used)))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def retype(widget, text: str) -> None:  # noqa: ANN001
    """Select all and type, as a clerk does (textEdited fires only for typing)."""
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)


def problem_texts(dialog: FrameworkEditorDialog) -> list[str]:
    return [dialog.problems.item(n).text() for n in range(dialog.problems.count())]


def test_new_2570_from_2568_edit_add_duplicate_fix_save_load(qtbot) -> None:  # noqa: ANN001
    dialog = editor(qtbot, new_draft("ita-2568", 2570))
    assert "ita-2570" in dialog.title.text() and "2570" in dialog.title.text()
    assert dialog.save_button.isEnabled() and problem_texts(dialog) == []
    # the wording of o1 (OIT, indicator 9, sub-indicator 9.1, first item)
    o1 = next(p for p, item in dialog.tree_items.items()
              if item.text(0).startswith("o1 "))
    dialog.select(o1)
    assert dialog.stack.currentWidget() is dialog.panels["item"]
    wording = dialog.panels["item"].widgets["text"]
    wording.setPlainText("โครงสร้างและอำนาจหน้าที่ของหน่วยงาน (ตรวจแล้ว)")
    assert node_at(dialog.draft, o1).text == "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน (ตรวจแล้ว)"
    assert dialog.tree_items[o1].text(0).startswith("o1 โครงสร้างและอำนาจหน้าที่ของหน่วยงาน")
    dialog.panels["item"].widgets["confirmed"].click()  # checked against the manual
    assert node_at(dialog.draft, o1).confirmed
    assert dialog.tree_items[o1].text(0).endswith(_("checked"))

    # a new item after o1: the instrument's next code, empty wording -> a problem
    qtbot.mouseClick(dialog.buttons["item"], Qt.MouseButton.LeftButton)
    new_path = dialog.path
    assert new_path == (*o1[:-1], o1[-1] + 1)
    assert node_at(dialog.draft, new_path).code == "o27"
    assert any("ถ้อยคำของข้อว่างอยู่" in t for t in problem_texts(dialog))
    assert not dialog.save_button.isEnabled()
    dialog.panels["item"].widgets["text"].setPlainText("ข้อใหม่ของปี ๒๕๗๐")

    # its code typed as o๑ (Thai digit): the same code as o1, found and named
    retype(dialog.panels["item"].widgets["code"], "o")
    type_text(dialog.panels["item"].widgets["code"], "๑")
    texts = problem_texts(dialog)
    assert len(texts) == 1 and "รหัสข้อ o1 ซ้ำกับ แบบวัด OIT › ตัวชี้วัดที่ 9" in texts[0], texts
    assert not dialog.save_button.isEnabled()
    assert dialog.tree_items[new_path].foreground(0).color().name() == "#b00020"
    # the problem leads to its field
    dialog.select(())
    dialog._problem_chosen(dialog.problems.item(0))
    assert dialog.path == new_path
    qtbot.waitUntil(lambda: dialog.panels["item"].widgets["code"].hasFocus())
    retype(dialog.panels["item"].widgets["code"], "o27")
    assert problem_texts(dialog) == [] and dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _("Saved as {id} in your forms folder.").format(id="ita-2570") == dialog.result.text()
    loaded = load_framework_file(paths.user_forms_dir() / "ita-2570.yaml")
    assert loaded.id == "ita-2570" and loaded.fiscal_year == 2570
    assert loaded.item("o1").text == "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน (ตรวจแล้ว)"
    assert loaded.item("o1").confirmed and not loaded.item("o2").confirmed
    assert loaded.item("o27").text == "ข้อใหม่ของปี ๒๕๗๐"
    assert [it.code for it in loaded.items()].index("o27") == \
        [it.code for it in loaded.items()].index("o1") + 1
    assert catalog.load_framework("ita-2570").item("o27") is not None
    assert not dialog.is_dirty() and dialog.draft.origin == "ita-2570"
    dialog.reject()  # saved: closes without asking
    assert not dialog.isVisible()


def test_a_framework_a_report_uses_is_saved_as_a_new_version(qtbot, demo_window) -> None:  # noqa: ANN001
    window = demo_window
    assert window.session.framework_usage().get("ita-2567")
    seen: dict[str, object] = {}

    def edit(dialog) -> None:  # noqa: ANN001
        seen["note"] = dialog.note.text()
        dialog.select((0, 0, 0))
        dialog.panels["item"].widgets["text"].setPlainText("ถ้อยคำที่แก้ในหน้าต่าง")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["result"] = dialog.result.text()
        seen["title"] = dialog.title.text()
        dialog.reject()

    on_modal(edit)
    window.open_framework_editor(open_draft("ita-2567"))
    assert "ita-2567.2" in str(seen["note"])  # said before saving
    assert "ita-2567.2" in str(seen["result"]) and "ita-2567.2" in str(seen["title"])
    assert catalog.load_framework("ita-2567.2").item("i1").text == "ถ้อยคำที่แก้ในหน้าต่าง"
    assert catalog.available()["ita-2567"].origin == "bundled"
    assert catalog.load_framework("ita-2567").item("i1").text != "ถ้อยคำที่แก้ในหน้าต่าง"


def test_the_menu_opens_new_framework_from_and_closing_unsaved_asks(qtbot, demo_window) -> None:  # noqa: ANN001
    window = demo_window
    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    assert _("Edit a frame&work…") in actions
    seen: dict[str, object] = {}

    def choose(dialog) -> None:  # noqa: ANN001
        dialog.source.setCurrentText("ita-2568")
        dialog.year.setValue(2570)
        on_modal(in_editor)
        dialog.accept()

    def in_editor(dialog) -> None:  # noqa: ANN001
        seen["title"] = dialog.title.text()
        seen["items"] = sum(1 for t in dialog.tree_items.values() if t.childCount() == 0)
        on_modal(discard)
        dialog.reject()  # a new framework, not saved: asks

    def discard(box) -> None:  # noqa: ANN001
        assert isinstance(box, QMessageBox)
        seen["asked"] = box.text()
        button = next(b for b in box.findChildren(QPushButton)
                      if b.text() == _("Close without saving"))
        button.click()

    on_modal(choose)
    actions[_("New &framework from…")].trigger()
    assert "ita-2570" in str(seen["title"])
    assert seen["items"] == len(list(catalog.load_framework("ita-2568").items()))
    assert seen["asked"] == _("The changes to this framework are not saved. Close anyway?")
    assert "ita-2570" not in catalog.available()  # nothing written


def test_buttons_follow_the_selection_and_undo_restores(qtbot) -> None:  # noqa: ANN001
    dialog = editor(qtbot, open_draft("ita-2569"))
    dialog.select(())
    assert not dialog.buttons["remove"].isEnabled() and not dialog.buttons["item"].isEnabled()
    dialog.select((0, 0, 0))
    assert dialog.buttons["remove"].isEnabled() and not dialog.buttons["up"].isEnabled()
    assert dialog.buttons["down"].isEnabled()
    first = node_at(dialog.draft, (0, 0, 0)).code
    qtbot.mouseClick(dialog.buttons["down"], Qt.MouseButton.LeftButton)
    assert dialog.path == (0, 0, 1) and node_at(dialog.draft, (0, 0, 1)).code == first
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
    assert first not in [dialog.tree_items[p].text(0).split()[0] for p in dialog.tree_items]
    qtbot.mouseClick(dialog.buttons["renumber"], Qt.MouseButton.LeftButton)
    assert _("Renumbered. Item codes changed: {count} {list}").split("{")[0] in dialog.result.text()
    assert dialog.is_dirty()
    for _step in range(3):
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.draft == open_draft("ita-2569") and not dialog.is_dirty()
    assert not dialog.undo_button.isEnabled()
    # removing an indicator's only items: the indicator without items is a problem
    dialog.select((0, 0))
    indicator = node_at(dialog.draft, (0, 0))
    for _item in list(indicator.items):
        dialog.select((0, 0, 0))
        dialog.remove()
    assert any("ตัวชี้วัดนี้ยังไม่มีข้อ" in t for t in problem_texts(dialog))
    assert not dialog.save_button.isEnabled()
    dialog._saved_draft = dialog.draft  # close without the question
    dialog.reject()


def test_edit_a_framework_lists_the_reports_on_each(qtbot, demo_window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    window = demo_window
    seen: dict[str, object] = {}

    def choose(box) -> None:  # noqa: ANN001
        assert isinstance(box, QInputDialog)
        seen["choices"] = box.comboBoxItems()
        wanted = _("{id} (reports: {count})").format(id="ita-2567", count=1)
        on_modal(in_editor)
        box.setTextValue(wanted)
        box.accept()

    def in_editor(dialog) -> None:  # noqa: ANN001
        seen["origin"] = dialog.draft.origin
        dialog.reject()  # nothing changed: closes without asking

    on_modal(choose)
    window.edit_framework()
    assert _("{id} (reports: {count})").format(id="ita-2569", count=0) in seen["choices"]
    assert seen["origin"] == "ita-2567"


def test_problems_in_english_when_the_window_is_english(qtbot) -> None:  # noqa: ANN001
    from ita_desktop.gui import i18n

    i18n.set_language("en")
    draft = E.set_field(open_draft("ita-2569"), (0, 0, 0), "text", "").draft
    dialog = editor(qtbot, draft)
    assert problem_texts(dialog)[0].startswith("instrument IIT › indicator 1 › item i1 (no. 1): "
                                               "the item wording is empty")
    assert dialog.problems_title.text() == "Problems to fix before saving: 1"
    dialog._saved_draft = dialog.draft
    dialog.reject()


def test_the_wizard_offers_a_framework_for_a_year_without_one(qtbot, demo_window) -> None:  # noqa: ANN001
    window = demo_window
    seen: dict[str, object] = {}

    def wizard(dialog) -> None:  # noqa: ANN001
        dialog.year.setValue(2569)
        seen["2569"] = dialog.start_framework.isVisibleTo(dialog)
        dialog.year.setValue(2571)
        seen["2571"] = (dialog.start_framework.isVisibleTo(dialog),
                        dialog.start_framework.text())
        on_modal(in_editor)
        dialog.start_framework.click()

    def in_editor(dialog) -> None:  # noqa: ANN001
        seen["draft"] = (dialog.draft.id, dialog.draft.fiscal_year, dialog.draft.origin)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    on_modal(wizard)
    window.new_report()
    assert seen["2569"] is False  # ita-2569 exists: nothing to offer
    assert seen["2571"] == (True, _("Start the {year} framework from {source}…").format(
        year=2571, source="ita-2569"))
    assert seen["draft"] == ("ita-2571", 2571, None)
    assert catalog.load_framework("ita-2571").fiscal_year == 2571
