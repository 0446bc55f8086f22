"""The finalise check dialog: errors block, warnings do not, a problem jumps to its entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ita_desktop.core.workflow.finalise import Problem
from ita_desktop.gui.editor.finalise import FinaliseDialog
from ita_desktop.gui.i18n import _
from ita_desktop.gui.qt import QDialog, Qt, QTreeWidgetItem

WARN_E1 = Problem(11, "warning", "photos", "E1 ยังไม่มีภาพประกอบ — เพิ่มภาพหลักฐานการดำเนินการ",
                  "E1")
SCORE_E1 = Problem(11, "warning", "score", "E1 ยังไม่มีคะแนน — พิมพ์คะแนนที่ได้จากผลการประเมิน",
                   "E1")
ERROR_E2 = Problem(12, "error", "issue", "E2 ยังว่างอยู่ ไม่มีทั้งประเด็นที่ต้องพัฒนาและมาตรการ "
                   "— กรอกข้อมูล หรือลบแถวนี้ถ้าไม่ใช้", "E2")
REPORT = Problem(None, "warning", "certifier",
                 "ยังไม่ได้ระบุชื่อผู้รับรองข้อมูล — ใส่ชื่อในคุณสมบัติรายงาน")


@pytest.fixture
def open_dialog(qtbot) -> Callable[[list[Problem]], FinaliseDialog]:  # noqa: ANN001
    def opener(problems: list[Problem]) -> FinaliseDialog:
        dialog = FinaliseDialog(problems)
        qtbot.addWidget(dialog)
        dialog.resize(900, 600)
        dialog.show()
        return dialog

    return opener


def click(qtbot, dialog: FinaliseDialog, item: QTreeWidgetItem) -> None:  # noqa: ANN001
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_errors_disable_finalise(open_dialog) -> None:  # noqa: ANN001
    dialog = open_dialog([WARN_E1, ERROR_E2])
    assert dialog.has_errors()
    assert not dialog.finalise_button.isEnabled()
    assert dialog.blocked.isVisible()


def test_warnings_do_not_block(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([WARN_E1, REPORT])
    assert dialog.finalise_button.isEnabled()
    assert not dialog.blocked.isVisible()
    qtbot.mouseClick(dialog.finalise_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_no_problems_is_ready(open_dialog) -> None:  # noqa: ANN001
    dialog = open_dialog([])
    assert dialog.finalise_button.isEnabled()
    assert not dialog.tree.isVisible()
    assert dialog.focusWidget() is dialog.finalise_button or not dialog.isActiveWindow()


def test_groups_errors_first_with_words_not_only_colour(open_dialog) -> None:  # noqa: ANN001
    dialog = open_dialog([REPORT, WARN_E1, SCORE_E1, ERROR_E2])
    groups = [dialog.tree.topLevelItem(n) for n in range(dialog.tree.topLevelItemCount())]
    assert [g.text(0).split()[0] for g in groups] == ["E2", _("The whole report").split()[0],
                                                      "E1"]
    lines = [item.text(0) for item in dialog.problem_items()]
    assert lines[0].startswith(_("Error") + ":")
    assert all(line.startswith(_("Warning") + ":") for line in lines[1:])
    assert "ยังว่างอยู่" in lines[0] and not lines[0].startswith("E2")  # the group names it
    assert dialog.problem_items()[0].toolTip(0) == ERROR_E2.message  # full message kept
    assert not dialog.problem_items()[0].icon(0).isNull()


def test_click_on_a_problem_jumps_to_its_entry(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([WARN_E1, ERROR_E2])
    target = next(i for i in dialog.problem_items() if "ภาพประกอบ" in i.text(0))
    with qtbot.waitSignal(dialog.jump_requested, timeout=2000) as signal:
        click(qtbot, dialog, target)
    assert signal.args == [11]
    assert not dialog.isVisible()  # closed, so the entry is not hidden behind it
    assert dialog.result() == QDialog.DialogCode.Rejected  # jumping never finalises


def test_enter_on_a_problem_jumps_and_does_not_finalise(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([WARN_E1])
    accepted: list[int] = []
    dialog.accepted.connect(lambda: accepted.append(1))
    assert dialog.tree.currentItem() is dialog.problem_items()[0]
    with qtbot.waitSignal(dialog.jump_requested, timeout=2000) as signal:
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert signal.args == [11]
    assert accepted == []


def test_keyboard_moves_between_problems(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([ERROR_E2, WARN_E1, SCORE_E1])
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)  # to the E1 group line
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)  # to E1's first problem
    with qtbot.waitSignal(dialog.jump_requested, timeout=2000) as signal:
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Enter)
    assert signal.args == [11]


def test_group_line_jumps_to_the_entry_too(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([ERROR_E2])
    with qtbot.waitSignal(dialog.jump_requested, timeout=2000) as signal:
        click(qtbot, dialog, dialog.tree.topLevelItem(0))
    assert signal.args == [12]


def test_report_level_problem_opens_properties(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([REPORT])
    jumps: list[int] = []
    dialog.jump_requested.connect(jumps.append)
    with qtbot.waitSignal(dialog.properties_requested, timeout=2000):
        click(qtbot, dialog, dialog.problem_items()[0])
    assert jumps == []


def test_escape_closes_without_finalising(open_dialog, qtbot) -> None:  # noqa: ANN001
    dialog = open_dialog([WARN_E1])
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
