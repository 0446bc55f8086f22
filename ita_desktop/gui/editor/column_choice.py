"""Report → Optional columns…: which of the columns other agencies print (responsible,
period, budget, status, indicator / target, obstacles) this report prints beside the five
of the standard report. None by default; each tick is saved at once (one undo step)."""

from __future__ import annotations

from ...core.base.errors import ItaError
from ...core.report.optional_columns import KEYS
from ..i18n import _
from ..qt import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from ..session import Session
from ..widgets import message_label, show_message
from .extra_fields import column_label


class ColumnsDialog(QDialog):
    def __init__(self, session: Session, report_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        report = session.report(report_id)
        self.setWindowTitle(_("Optional columns"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Columns printed in the table besides the five of the standard "
                         "report. With none ticked, the report is exactly the standard one. "
                         "Each item gets a field for every ticked column."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for key in KEYS:
            box = QCheckBox(column_label(key))
            box.setChecked(key in report.optional_columns)
            box.setEnabled(not report.is_final and not session.read_only)
            box.toggled.connect(self._save)
            layout.addWidget(box)
            self.boxes[key] = box
        if report.is_final:
            layout.addWidget(QLabel(_("The report is final: reopen it to change its columns.")))
        self.error = message_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.boxes.items() if box.isChecked())

    def _save(self, _checked: bool) -> None:
        try:
            self.session.update_report(self.report_id, optional_columns=self.chosen())
        except ItaError as exc:
            show_message(self.error, exc.message)
            self._show_saved()
            return
        show_message(self.error, "")

    def _show_saved(self) -> None:
        saved = self.session.report(self.report_id).optional_columns
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in saved)
            box.blockSignals(False)
