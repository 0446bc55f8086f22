"""The start screen: the reports in the open database and what can be done with them."""

from __future__ import annotations

import datetime as dt
from functools import partial

from ...core.base.errors import ItaError
from ...core.store.store import Change, ReportSummary
from ...core.text import thai
from ..i18n import _
from ..qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import heading


def round_text(summary: ReportSummary) -> str:
    if summary.round.kind == "6m":
        return _("6 months")
    if summary.round.kind == "12m":
        return _("12 months")
    return summary.round.label or _("Other period")


def status_text(status: str) -> str:
    return _("Final") if status == "final" else _("Draft")


def when_text(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return f"{thai.format_date(moment.date(), 'arabic', 'abbreviated')} {moment:%H:%M}"


class StartScreen(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    other_db_requested = Signal()

    COLUMNS = 6

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addWidget(heading(_("Reports"), 1.5))
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        layout.addWidget(self.db_label)

        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        # reports table
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([_("Agency"), _("Fiscal year"), _("Round"),
                                              _("Status"), _("Items / photos"),
                                              _("Last change")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.COLUMNS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.pages.addWidget(self.table)
        # empty database
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(heading(_("There are no reports in this database yet."), 1.2))
        hint = QLabel(_("Start a new report, or open the example report of Pathum Wan District "
                        "Office to see how a finished report looks."))
        hint.setWordWrap(True)
        empty_layout.addWidget(hint)
        row = QHBoxLayout()
        self.empty_new = QPushButton(_("New report…"))
        self.empty_demo = QPushButton(_("Open the example report"))
        self.empty_new.clicked.connect(self.new_requested)
        self.empty_demo.clicked.connect(self.open_demo)
        row.addWidget(self.empty_new)
        row.addWidget(self.empty_demo)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)
        self.pages.addWidget(empty)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("&New report…"))
        self.open_button = QPushButton(_("&Open"))
        self.carry_button = QPushButton(_("&Carry forward"))
        carry_menu = QMenu(self.carry_button)
        carry_menu.addAction(_("To the 12-month report of the same year"),
                             partial(self.carry_forward, "12m"))
        carry_menu.addAction(_("To next year's report"), partial(self.carry_forward, "next"))
        self.carry_button.setMenu(carry_menu)
        self.delete_button = QPushButton(_("&Delete"))
        self.undo_delete_button = QPushButton(_("&Undo delete"))
        self.demo_button = QPushButton(_("E&xample report"))
        self.other_button = QPushButton(_("Open other data&base…"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_delete_button.clicked.connect(self.undo_delete)
        self.demo_button.clicked.connect(self.open_demo)
        self.other_button.clicked.connect(self.other_db_requested)
        for button in (self.new_button, self.open_button, self.carry_button, self.delete_button,
                       self.undo_delete_button, self.demo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.other_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.open_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, self.open_selected)
        self.session.changed.connect(self._on_change)
        self._summaries: list[ReportSummary] = []
        self.refresh()

    # ------------------------------------------------------------------ data
    def _on_change(self, change: Change) -> None:
        if self.isVisible() or change.kind.startswith("report-"):
            self.refresh()

    def refresh(self, select: int | None = None) -> None:
        current = select if select is not None else self.selected_id()
        self._summaries = self.session.list_reports()
        self.db_label.setText(_("Database: {path}").format(path=self.session.path))
        self.table.setRowCount(len(self._summaries))
        for row, s in enumerate(self._summaries):
            agency = s.agency + (f" ({s.parent})" if s.parent else "")
            values = [agency, str(s.fiscal_year), round_text(s), status_text(s.status),
                      f"{s.entry_count} / {s.photo_count}", when_text(s.updated_at)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.pages.setCurrentIndex(0 if self._summaries else 1)
        if self._summaries:
            ids = [s.id for s in self._summaries]
            self.table.selectRow(ids.index(current) if current in ids else 0)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._summaries):
            return None
        return self._summaries[rows[0].row()].id

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for button in (self.open_button, self.carry_button, self.delete_button):
            button.setEnabled(has)
        self.undo_delete_button.setVisible(self.session.can_restore())

    def focus_list(self) -> None:
        (self.table if self._summaries else self.empty_new).setFocus()

    # ------------------------------------------------------------------ actions
    def _double_clicked(self, *_args: object) -> None:
        self.open_selected()

    def open_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            self.open_requested.emit(report_id)

    def open_demo(self) -> None:
        try:
            report_id = self.session.create_demo()
        except ItaError as exc:
            QMessageBox.warning(self, _("Example report"), exc.message)
            return
        self.refresh(select=report_id)
        self.open_requested.emit(report_id)

    def carry_forward(self, kind: str) -> None:
        report_id = self.selected_id()
        if report_id is None:
            return
        from ..busy import Cancelled, after_backup

        try:
            result = after_backup(self, self.session, "carry", _("Carry forward"),
                                  lambda: self.session.carry_forward(report_id, kind))
        except Cancelled:
            return
        except ItaError as exc:
            QMessageBox.warning(self, _("Carry forward"), exc.message)
            return
        self.refresh(select=result.report_id)
        text = _("The new report has been created.")
        if result.notes:
            text += "\n\n" + _("Please check:") + "\n" + "\n".join(f"• {n}" for n in result.notes)
        QMessageBox.information(self, _("Carry forward"), text)

    def delete_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            return
        summary = next(s for s in self._summaries if s.id == report_id)
        answer = QMessageBox.question(
            self, _("Delete report"),
            _("Delete the report of {agency}, fiscal year {year}?\n\nYou can bring it back with "
              "“Undo delete” until you close the program.").format(
                agency=summary.agency, year=summary.fiscal_year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        from ..busy import Cancelled, after_backup

        try:  # backs up first (off the GUI thread); refused if it cannot
            after_backup(self, self.session, "delete", _("Delete report"),
                         lambda: self.session.trash_report(report_id))
        except Cancelled:
            return
        except ItaError as exc:
            QMessageBox.warning(self, _("Delete report"), exc.message)
            return
        self.refresh()

    def undo_delete(self) -> None:
        report_id = self.session.restore_last_trashed()
        self.refresh(select=report_id)
