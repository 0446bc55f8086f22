"""The audit trail of a report, or of one of its items: when, who, what, old → new.

Read from the session (``Session.history``); a choice box narrows it to one item. Photos are
named by the first characters of their SHA-256, as the CLI's ``ita history`` does.
"""

from __future__ import annotations

import datetime as dt

from ...core.store.audit import AuditEvent, short
from ..i18n import _, ngettext
from ..qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ..session import Session


def action_text(action: str) -> str:
    words = {
        "report-created": _("Report created"), "report-field": _("Report changed"),
        "report-deleted": _("Report deleted"), "report-imported": _("Imported from a package"),
        "reopen-reason": _("Reopened for editing"), "entry-added": _("Item added"),
        "entry-field": _("Item changed"), "entry-deleted": _("Item deleted"),
        "entry-moved": _("Item moved"), "photo-added": _("Photo added"),
        "photo-removed": _("Photo removed"), "photo-field": _("Photo changed"),
        "photo-moved": _("Photo moved"), "score-added": _("Score entered"),
        "score-changed": _("Score changed"), "score-removed": _("Score removed"),
        "report-reframed": _("Moved to another framework"),
        "score-dropped": _("Score of an item not in the new framework deleted"),
    }
    return words.get(action, action)


def origin_text(origin: str) -> str:
    """How a change was made, as the window says it ('' when the log does not say)."""
    if origin.startswith("imported:"):
        return _("imported from {file}").format(file=origin.removeprefix("imported:"))
    if origin.startswith("package:"):
        return _("from the package {file}").format(file=origin.removeprefix("package:"))
    words = {"typed": _("typed"), "pasted": _("pasted"), "undo": _("undone"),
             "redo": _("redone")}
    return words.get(origin, origin)


def field_text(field: str | None) -> str:
    """The field as the window names it (the database column otherwise)."""
    if not field:
        return ""
    words = {
        "agency": _("Agency"), "parent": _("Parent organisation"), "title": _("Title"),
        "fiscal_year": _("Fiscal year (B.E.)"), "round_kind": _("Round"),
        "round_label": _("Round"), "round_start": _("Round"), "round_end": _("Round"),
        "digits": _("Numbers in the print"), "preparer_name": _("Prepared by"),
        "preparer_position": _("Prepared by"), "preparer_date": _("Prepared by"),
        "certifier_name": _("Certified by"), "certifier_position": _("Certified by"),
        "certifier_date": _("Certified by"), "show_signatures": _("Print the signature block"),
        "cover_page": _("Print a cover page"), "status": _("Status"),
        "revision": _("Revision"), "item_text": _("Item wording"), "score": _("Score"),
        "issue": _("Issue to improve"), "measures": _("Measures"), "result": _("Result"),
        "caption": _("Caption"), "rotation": _("Rotation"), "position": _("Order"),
        "trashed_at": _("Deleted"), "label": _("Item"), "item": _("Item"),
        "optional_columns": _("Optional columns"), "extra": _("Optional columns"),
    }
    return words.get(field, field)


def _when(at: str) -> str:
    try:
        return dt.datetime.fromisoformat(at).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return at


class HistoryDialog(QDialog):
    COLUMNS = 7

    def __init__(self, session: Session, report_id: int, entry_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        report = session.report(report_id)
        self.setWindowTitle(_("History of changes"))
        self.resize(1100, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Every change to “{title}”: when, by whom, and the value "
                                  "before and after.").format(title=report.display_title)))
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Show")))
        self.scope = QComboBox()
        self.scope.setAccessibleName(_("Show"))
        self.scope.addItem(_("The whole report"), None)
        for entry in report.entries:
            self.scope.addItem(_("Item {code}").format(code=entry.code_label), entry.id)
        row.addWidget(self.scope, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([_("When"), _("Who"), _("Item"), _("Change"),
                                              _("Field"), _("Before"), _("After")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.scope.currentIndexChanged.connect(self._fill)
        if entry_id is not None:
            index = self.scope.findData(session.entry_id(entry_id))
            if index >= 0:
                self.scope.setCurrentIndex(index)
        self._fill()

    def events(self) -> list[AuditEvent]:
        return self.session.history(self.report_id, self.scope.currentData())

    def _fill(self, _index: int = 0) -> None:
        events = list(reversed(self.events()))  # newest first
        self.table.setRowCount(len(events))
        for row, ev in enumerate(events):
            who = ev.os_user + (f" ({ev.preparer})" if ev.preparer else "")
            item = (ev.entry_code or "").upper()
            field = field_text(ev.field)
            if ev.photo_sha256:
                field = (_("photo {id}").format(id=ev.photo_sha256[:12])
                         + (f": {field}" if field else ""))
            change = action_text(ev.action)
            if ev.origin:
                change += f" ({origin_text(ev.origin)})"
            values = [_when(ev.at), who, item, change, field,
                      short(ev.old_value, 200), short(ev.new_value, 200)]
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if col >= 5:
                    cell.setToolTip((ev.old_value if col == 5 else ev.new_value) or "")
                self.table.setItem(row, col, cell)
        self.count.setText(ngettext("{n} change", "{n} changes", len(events)).format(
            n=len(events)))
