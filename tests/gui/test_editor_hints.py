"""Editor points of a clerk's walk-through: the "wording not yet checked" hint once per form,
only for the bundled unchecked wording, never in a read-only report; a cell that would print
over many pages is warned about in the editor (and in the finalise check)."""

from __future__ import annotations

from ita_desktop.core.framework.catalog import load_framework
from ita_desktop.core.report.model import Entry, Report, Round
from ita_desktop.gui.app import build_window
from ita_desktop.gui.qt import QLabel

HINT_WORDS = "official manual"


def _window(qtbot, db_path, entries: list[Entry]):  # noqa: ANN001
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    rid = window.session.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                              Round.standard("6m", 2567), "ita-2567"))
    for entry in entries:
        window.session.add_entry(rid, entry)
    window.open_report(rid)
    return window, rid


def _default(code: str) -> Entry:
    item = load_framework("ita-2567").item(code)
    assert item is not None and not item.confirmed
    return Entry(item=code, item_text=item.text, issue="ประเด็น")


def _hint_labels(widget) -> list[QLabel]:  # noqa: ANN001
    from ita_desktop.gui.i18n import _

    words = _("The wording of {items} comes from the bundled form and has not been checked "
              "against the official manual yet: check it and correct it in the item if "
              "needed.").split("{items}")[1][:25]
    return [label for label in widget.findChildren(QLabel)
            if (HINT_WORDS in label.text() or words in label.text()) and not label.isHidden()]


def test_wording_hint_once_per_form_and_only_where_it_helps(qtbot, db_path):  # noqa: ANN001
    edited = _default("e7")
    edited.item_text = "ถ้อยคำที่เจ้าหน้าที่ตรวจกับคู่มือแล้ว"
    window, rid = _window(qtbot, db_path, [_default("e1"), _default("e2"), _default("e3"),
                                           edited])
    editor = window.editor
    form6 = editor.form(6)
    form6.ensure_all()
    assert len(form6.cards) == 3
    assert _hint_labels(form6) == [form6.wording_hint]  # once for the form, not per item
    assert all(code in form6.wording_hint.text() for code in ("E1", "E2", "E3"))
    form7 = editor.form(7)
    assert form7.wording_hint.isHidden() and _hint_labels(form7) == []  # corrected wording

    e1 = next(e for e in editor.report.entries if e.item == "e1")
    window.session.update_entry(e1.id, item_text="ถ้อยคำที่แก้ไขแล้ว")
    assert "E1" not in form6.wording_hint.text() and "E2" in form6.wording_hint.text()

    window.session.finalise(rid)  # a final report: nothing can be edited, no hint
    assert form6.wording_hint.isHidden() and _hint_labels(editor) == []
    window.close()


def test_final_report_opened_shows_no_hint(qtbot, db_path):  # noqa: ANN001
    window, rid = _window(qtbot, db_path, [_default("e1")])
    window.session.finalise(rid)
    window.open_report(rid)
    form = window.editor.form(6)
    assert form.unchecked_items() == ["E1"] and form.wording_hint.isHidden()
    assert _hint_labels(window.editor) == []
    window.close()


def test_long_cell_warned_in_the_editor(qtbot, db_path):  # noqa: ANN001
    entry = _default("e1")
    entry.issue = "ข้อความที่วางมาจากเอกสารอื่นยาวมาก " * 560  # about 20,000 characters
    window, rid = _window(qtbot, db_path, [entry, _default("e2")])
    form = window.editor.form(6)
    form.ensure_all()
    long_card, short_card = (form.cards[e.id] for e in window.editor.report.entries)
    assert not long_card.long_warning.isHidden()
    text = long_card.long_warning.text()
    assert any(ch.isdigit() for ch in text)  # "about N pages"
    assert short_card.long_warning.isHidden()
    problems = [p for p in window.session.check(rid) if p.field == "issue" and "หน้า" in p.message]
    assert len(problems) == 1 and problems[0].severity == "warning"
    window.session.finalise(rid)  # read-only: nothing the clerk could do about it here
    assert long_card.long_warning.isHidden()
    window.session.reopen(rid, "แก้ไขข้อความที่ยาวเกิน")
    assert not long_card.long_warning.isHidden()
    window.session.update_entry(long_card.entry_id, issue="สั้นลงแล้ว")
    assert long_card.long_warning.isHidden()
    window.close()
