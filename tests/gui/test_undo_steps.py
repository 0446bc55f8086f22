"""Undo of typed text goes back a word (or a pause, or a paste) at a time, not a paragraph:
a clerk's one Ctrl+Z removed a whole typed paragraph."""

from __future__ import annotations

import pytest

from ita_desktop.core.report.model import Entry, Report, Round
from ita_desktop.gui import session as session_module
from ita_desktop.gui.editor.typing_steps import MAX_STEP, TypingStep, plan


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(session_module.time, "monotonic", fake)
    return fake


def _entry(session) -> int:  # noqa: ANN001
    rid = session.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                       Round.standard("6m", 2567), "ita-2567"))
    eid = session.add_entry(rid, Entry(item="e1"))
    session.clear_undo()
    return eid


def type_like_autosave(session, eid: int, text: str, clock: Clock,  # noqa: ANN001
                       chars_per_save: int = 5, seconds_per_save: float = 0.7) -> None:
    """Saves as autosave makes them while someone types steadily: every 0.7 s, the text so
    far (a few characters more each time)."""
    done = session.entry(eid).result
    for end in range(chars_per_save, len(text) + chars_per_save, chars_per_save):
        clock.now += seconds_per_save
        session.update_entry(eid, result=done + text[:end])


def undo_texts(session, eid: int) -> list[str]:  # noqa: ANN001
    out = []
    while session.can_undo():
        session.undo()
        out.append(session.entry(eid).result)
    return out


def test_a_typed_paragraph_undoes_word_by_word(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    paragraph = "จัดประชุมชี้แจง บุคลากร ทุกฝ่าย ครั้งที่ 2 มีผู้เข้าร่วม 120 คน"
    type_like_autosave(session, eid, paragraph, clock)
    assert session.entry(eid).result == paragraph
    session.undo()  # one Ctrl+Z: the last word only
    assert session.entry(eid).result == "จัดประชุมชี้แจง บุคลากร ทุกฝ่าย ครั้งที่ 2 มีผู้เข้าร่วม 120 "
    steps = [paragraph, session.entry(eid).result, *undo_texts(session, eid)]
    assert steps[-1] == ""
    words = paragraph.split(" ")
    assert len(steps) == len(words) + 1  # one step per word
    for text in steps[:-1]:  # every step ends between two words
        assert paragraph.startswith(text)
    session.redo()
    assert session.entry(eid).result == "จัดประชุมชี้แจง "


def test_a_pause_ends_a_step(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    type_like_autosave(session, eid, "ดำเนินการแล้วเสร็จ", clock)
    clock.now += 3.0  # the clerk stops to think, then goes on in the same word
    session.update_entry(eid, result="ดำเนินการแล้วเสร็จทุกฝ่าย")
    session.undo()
    assert session.entry(eid).result == "ดำเนินการแล้วเสร็จ"


def test_long_thai_run_without_spaces_is_cut(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    text = "การประชุมชี้แจงแนวทางการปฏิบัติงานแก่บุคลากรทุกฝ่ายในสำนักงานเขต" * 2  # no spaces
    type_like_autosave(session, eid, text, clock)
    session.undo()
    left = session.entry(eid).result
    assert text.startswith(left) and 0 < len(text) - len(left) <= MAX_STEP


def test_a_paste_is_one_step(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    type_like_autosave(session, eid, "ผลการดำเนินการ ", clock)
    clock.now += 0.5
    pasted = "ข้อความที่วางจากเอกสารอื่น " * 200
    session.update_entry(eid, result="ผลการดำเนินการ " + pasted)
    session.undo()
    assert session.entry(eid).result == "ผลการดำเนินการ "


def test_backspace_held_down_is_one_step(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    type_like_autosave(session, eid, "หนึ่ง สอง สาม", clock)
    clock.now += 3.0
    text = session.entry(eid).result
    for n in range(1, 7):  # delete 6 characters, a save every 0.5 s
        clock.now += 0.5
        session.update_entry(eid, result=text[:-n])
    session.undo()
    assert session.entry(eid).result == "หนึ่ง สอง สาม"


def test_typing_after_undo_is_its_own_step(session, clock) -> None:  # noqa: ANN001
    eid = _entry(session)
    type_like_autosave(session, eid, "หนึ่ง สอง", clock)
    session.undo()
    assert session.entry(eid).result == "หนึ่ง "
    clock.now += 0.2
    session.update_entry(eid, result="หนึ่ง สาม")
    session.undo()
    assert session.entry(eid).result == "หนึ่ง "


def test_plan_cuts_a_save_holding_several_words() -> None:
    ends, steps = plan(TypingStep("", "ab"), "ab", "abc de fg", 0.5)
    assert ends == "abc " and steps == ["abc de ", "abc de fg"]
    ends, steps = plan(TypingStep("", "ab "), "ab ", "ab cd", 0.5)  # a word was done
    assert ends is None and steps == ["ab cd"]
    ends, steps = plan(None, "x", "x yz", 0.0)  # a leading blank goes with the next word
    assert ends is None and steps == ["x yz"]
    ends, steps = plan(TypingStep("", "ab"), "ab", "Xab", 0.5)  # typing elsewhere
    assert ends is None and steps == ["Xab"]


def test_ctrl_z_in_the_editor_removes_the_last_word_not_the_paragraph(qtbot, db_path):  # noqa: ANN001
    """Steady typing in a card (autosave saving every 0.7 s), then one Ctrl+Z."""
    from PySide6.QtTest import QTest

    from ita_desktop.gui.app import build_window
    from ita_desktop.gui.qt import Qt
    from tests.gui.helpers import type_text

    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.show()
    rid = window.session.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                              Round.standard("6m", 2567), "ita-2567"))
    window.session.add_entry(rid, Entry(item="e1"))
    window.open_report(rid)
    form = window.editor.form(6)
    card = next(iter(form.cards.values()))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card.result.setFocus()
    words = ["จัดประชุม ", "ชี้แจง ", "บุคลากร ", "ทุกฝ่าย ", "ครั้งที่ ", "2 ", "มีผู้เข้าร่วม ",
             "120 ", "คน"]
    for word in words:  # no pause long enough for a save between words: steady typing
        type_text(card.result, word)  # QTest.keyClicks only knows ASCII
        qtbot.wait(150)
    qtbot.waitUntil(lambda: not window.editor.debouncer._pending, timeout=3000)
    assert window.session.entry(card.entry_id).result == "".join(words)
    QTest.keyClick(card.result, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.result.text() == "".join(words[:-1])
    QTest.keyClick(card.result, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.result.text() == "".join(words[:-2])
    window.close()
