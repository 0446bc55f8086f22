"""An entry card's optional report columns (responsible, period, budget, status, indicator /
target, obstacles: ``core/report/optional_columns.py``), shown for the columns the report
prints and for any column the entry already has a value in (nothing stored is ever hidden).

The values travel as one field, ``extra`` ({key: text}), saved by the card like its other
fields; a value of a column not shown is kept as it is.
"""

from __future__ import annotations

from ...core.report.optional_columns import KEYS, NO_BUDGET, STATUS_VALUES
from ..i18n import _
from ..qt import QComboBox, QFormLayout, QWidget, Signal
from ..widgets import LineEdit, TextBox

MULTI_LINE = ("indicator_target", "obstacles")


def column_label(key: str) -> str:
    return {"responsible": _("Responsible"), "period": _("Period"), "budget": _("Budget"),
            "status": _("Status of the work"), "indicator_target": _("Indicator / target"),
            "obstacles": _("Obstacles")}[key]


class ExtraFields(QWidget):
    edited = Signal()
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.widgets: dict[str, QWidget] = {}
        self._stored: dict[str, str] = {}
        self._columns: tuple[str, ...] = ()
        self._read_only = False
        self.setVisible(False)

    # ------------------------------------------------------------------ which columns
    def show_values(self, columns: tuple[str, ...], extra: dict[str, str],
                    keep: frozenset[str] = frozenset()) -> None:
        """Show ``extra`` for ``columns`` (and every key with a value); ``keep``: keys whose
        widget still has an unsaved edit (left as typed)."""
        typed = {k: self._text(k) for k in keep if k in self.widgets}
        self._stored = dict(extra)
        self._columns = columns
        wanted = tuple(k for k in KEYS if k in columns or extra.get(k))
        if wanted != tuple(self.widgets):
            self._rebuild(wanted)
        for key in wanted:
            self._set(key, typed.get(key, extra.get(key, "")))
        self.setVisible(bool(wanted))

    def _rebuild(self, keys: tuple[str, ...]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets = {}
        for key in keys:
            widget = self._make(key)
            widget.setAccessibleName(column_label(key))
            self.form.addRow(column_label(key), widget)
            self.widgets[key] = widget
        self.set_read_only(self._read_only)

    def _make(self, key: str) -> QWidget:
        if key in ("status", "budget"):
            box = QComboBox()
            box.addItem("")
            box.addItems(list(STATUS_VALUES) if key == "status" else [NO_BUDGET])
            if key == "budget":  # an amount is typed; "ไม่ใช้งบประมาณ" is one click
                box.setEditable(True)
                box.lineEdit().setPlaceholderText(_("e.g. 50,000 baht"))
                box.lineEdit().textEdited.connect(self._edited)
                box.lineEdit().editingFinished.connect(self.focus_lost)
            box.activated.connect(self._chosen)
            return box
        if key in MULTI_LINE:
            text = TextBox(min_lines=1, max_lines=6)
            text.textChanged.connect(self._edited)
            text.focus_lost.connect(self.focus_lost)
            return text
        line = LineEdit()
        line.textEdited.connect(self._edited)
        line.editingFinished.connect(self.focus_lost)
        return line

    # ------------------------------------------------------------------ values
    def _edited(self, *_args: object) -> None:
        self.edited.emit()

    def _chosen(self, _index: int) -> None:
        self.edited.emit()
        self.focus_lost.emit()  # a choice is complete: save it now

    def _text(self, key: str) -> str:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text()  # type: ignore[attr-defined]

    def _set(self, key: str, value: str) -> None:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            widget.blockSignals(True)
            if widget.isEditable():
                widget.setEditText(value)
            else:
                index = widget.findText(value)
                widget.setCurrentIndex(max(index, 0))
            widget.blockSignals(False)
        elif isinstance(widget, TextBox):
            widget.set_text_quietly(value)
        elif widget.text() != value:  # type: ignore[attr-defined]
            widget.setText(value)  # type: ignore[attr-defined]

    def values(self) -> dict[str, str]:
        """Every value: the shown ones as typed, the others as stored; empty ones dropped."""
        out = dict(self._stored)
        for key in self.widgets:
            out[key] = self._text(key).strip()
        return {k: v for k, v in out.items() if v}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self.widgets.values():
            if isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)
            else:
                widget.setReadOnly(read_only)  # type: ignore[attr-defined]

    def focus_chain(self) -> list[QWidget]:
        return list(self.widgets.values())
