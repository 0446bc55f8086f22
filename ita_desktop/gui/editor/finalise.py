"""The finalise check dialog: what is missing or suspicious, per entry, before finalising.

``FinaliseDialog(problems)`` shows the result of ``core.checks.check_report``: problems grouped
by entry, groups with errors first, errors before warnings, each marked by an icon, a word
("ข้อผิดพลาด" / "คำเตือน") and a colour, never colour alone. Errors block finalising, warnings do
not. The dialog is accepted (``exec()`` returns Accepted) only by the Finalise button; the caller
then finalises the report.

Clicking a problem, or pressing Enter on it, emits ``jump_requested(entry_id)`` (or
``properties_requested()`` for a report-level problem such as a missing agency) and closes the
dialog: the clerk lands on the field to fix with nothing in front of it, and running the check
again shows a fresh list. (Keeping it open would show a list that goes stale with every edit,
and a modal dialog would sit in front of the very card to be fixed.)
"""

from __future__ import annotations

from collections.abc import Iterable

from ...core.workflow.finalise import Problem
from ..i18n import _, ngettext
from ..qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QPushButton,
    QStyle,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

ERROR_COLOUR = QColor("#a1111b")  # dark red: readable on white, and never the only cue
WARNING_COLOUR = QColor("#6b4a00")  # dark amber-brown
REPORT_LEVEL = -1  # group key for problems with no entry
ROLE_ENTRY = Qt.ItemDataRole.UserRole  # entry id (int) or REPORT_LEVEL
ROLE_FIELD = Qt.ItemDataRole.UserRole + 7  # the problem's field (``scores``: result sheet)


class _ProblemTree(QTreeWidget):
    """A tree whose Enter/Return activates the current item and stops there (it must not
    reach the dialog, where it could press a button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self.itemActivated.emit(item, 0)
            event.accept()
            return
        super().keyPressEvent(event)


class FinaliseDialog(QDialog):
    """The finalise check. ``exec()`` returns Accepted when the clerk chose to finalise."""

    jump_requested = Signal(int)  # entry id
    properties_requested = Signal()  # a report-level problem: open the report's properties
    scores_requested = Signal()  # items under the pass mark without measures: the result sheet

    def __init__(self, problems: list[Problem], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Finalise report"))
        self.resize(900, 600)
        self._problems = list(problems)
        self._errors = sum(1 for p in problems if p.severity == "error")
        self._warnings = len(problems) - self._errors
        style = self.style()
        self._error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._ok_icon = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)

        # summary
        summary_icon = QLabel()
        icon = self._error_icon if self._errors else (
            self._warning_icon if self._warnings else self._ok_icon)
        summary_icon.setPixmap(icon.pixmap(32, 32))
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        summary_row = QHBoxLayout()
        summary_row.addWidget(summary_icon, 0, Qt.AlignmentFlag.AlignTop)
        summary_row.addWidget(self.summary, 1)

        # problems
        self.tree = _ProblemTree()
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName(_("Problems found"))
        self._fill()
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        hint = QLabel(_("Click a line, or select it and press Enter, to go to that entry."))
        hint.setWordWrap(True)
        self.tree.setVisible(bool(problems))
        hint.setVisible(bool(problems))

        # what finalising means
        explain = QLabel(_(
            "A final report becomes read-only: nobody can change it by mistake. If something "
            "must be corrected later, choose “Reopen for editing” and give a reason; the reason "
            "is kept with the report."))
        explain.setWordWrap(True)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.addWidget(explain)
        self.blocked = QLabel(_("Correct the errors first; then the report can be finalised. "
                                "Warnings do not stop you."))
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet(f"color: {ERROR_COLOUR.name()};")
        self.blocked.setVisible(self._errors > 0)
        frame_layout.addWidget(self.blocked)

        # buttons
        self.finalise_button = QPushButton(_("Finalise"))
        self.finalise_button.setIcon(self._ok_icon)
        self.finalise_button.setEnabled(self._errors == 0)
        self.finalise_button.setToolTip(
            _("Make this report final (read-only)") if self._errors == 0
            else _("Not possible while there are errors"))
        self.finalise_button.clicked.connect(self.accept)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.finalise_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(summary_row)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        if not problems:
            layout.addStretch(1)
        layout.addWidget(frame)
        layout.addLayout(buttons)

        first = self._first_problem()
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.setFocus()
        elif self._errors == 0:
            self.finalise_button.setFocus()

    # ------------------------------------------------------------------------------ public
    def has_errors(self) -> bool:
        return self._errors > 0

    def problem_items(self) -> list[QTreeWidgetItem]:
        """The problem lines in the order shown (tests, accessibility)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            out.extend(group.child(c) for c in range(group.childCount()))
        return out

    # ------------------------------------------------------------------------------ build
    def _summary_text(self) -> str:
        errors = ngettext("{n} error", "{n} errors", self._errors).format(n=self._errors)
        warnings = ngettext("{n} warning", "{n} warnings", self._warnings).format(
            n=self._warnings)
        if self._errors and self._warnings:
            return _("{errors} must be corrected before finalising; {warnings} to look at "
                     "(they do not block).").format(errors=errors, warnings=warnings)
        if self._errors:
            return _("{errors} must be corrected before finalising.").format(errors=errors)
        if self._warnings:
            return _("No errors. {warnings} to look at; you can finalise anyway.").format(
                warnings=warnings)
        return _("Nothing is missing: the report is ready to be finalised.")

    def _groups(self) -> list[tuple[int, str, list[Problem]]]:
        """(key, label, problems) per entry in report order; groups with errors first."""
        groups: dict[int, tuple[str, list[Problem]]] = {}
        for problem in self._problems:
            key = REPORT_LEVEL if problem.entry_id is None else problem.entry_id
            label = (_("The whole report") if problem.entry_id is None
                     else problem.entry_label or _("Entry"))
            groups.setdefault(key, (label, []))[1].append(problem)
        ordered = [(key, label, sorted(items, key=lambda p: p.severity != "error"))
                   for key, (label, items) in groups.items()]
        ordered.sort(key=lambda g: not any(p.severity == "error" for p in g[2]))  # stable
        return ordered

    def _fill(self) -> None:
        bold = self.tree.font()
        bold.setBold(True)
        for key, label, problems in self._groups():
            errors = sum(1 for p in problems if p.severity == "error")
            counts = _join([
                ngettext("{n} error", "{n} errors", errors).format(n=errors) if errors else "",
                ngettext("{n} warning", "{n} warnings", len(problems) - errors).format(
                    n=len(problems) - errors) if len(problems) > errors else ""])
            group = QTreeWidgetItem([f"{label}  ({counts})"])
            group.setFont(0, bold)
            group.setIcon(0, self._error_icon if errors else self._warning_icon)
            group.setData(0, ROLE_ENTRY, key)
            group.setToolTip(0, _("Go to this entry") if key != REPORT_LEVEL
                             else _("Open the report's properties"))
            self.tree.addTopLevelItem(group)
            for problem in problems:
                is_error = problem.severity == "error"
                word = _("Error") if is_error else _("Warning")
                text = f"{word}: {_without_label(problem.message, problem.entry_label)}"
                item = QTreeWidgetItem([text])
                item.setIcon(0, self._error_icon if is_error else self._warning_icon)
                item.setForeground(0, QBrush(ERROR_COLOUR if is_error else WARNING_COLOUR))
                item.setToolTip(0, problem.message)
                item.setData(0, ROLE_ENTRY, key)
                item.setData(0, ROLE_FIELD, problem.field)
                group.addChild(item)
            group.setExpanded(True)

    def _first_problem(self) -> QTreeWidgetItem | None:
        items = self.problem_items()
        return items[0] if items else None

    # ------------------------------------------------------------------------------ events
    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, ROLE_ENTRY)
        if key is None:
            return
        self.reject()  # close first: the editor then shows the entry with nothing in front
        if key == REPORT_LEVEL and item.data(0, ROLE_FIELD) == "scores":
            self.scores_requested.emit()
        elif key == REPORT_LEVEL:
            self.properties_requested.emit()
        else:
            self.jump_requested.emit(int(key))


def _without_label(message: str, label: str) -> str:
    """'E1 ยังไม่มีคะแนน …' under the group 'E1' reads 'ยังไม่มีคะแนน …'."""
    if label and message.startswith(label):
        rest = message[len(label):].lstrip(" :")
        if rest:
            return rest
    return message


def _join(parts: Iterable[str]) -> str:
    return ", ".join(p for p in parts if p)
