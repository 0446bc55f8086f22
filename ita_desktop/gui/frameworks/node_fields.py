"""The fields of the node selected in the framework editor: one panel per kind of node
(framework, instrument, indicator, sub-indicator, item). A panel shows a draft node's values and
says which field the clerk changed (``edited``); the dialog turns that into a core edit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.framework.draft import Node
from ..i18n import N_, _
from ..qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
    Signal,
)

# kind -> [(field, label, widget, options)]; labels are translated when the panel is built
SPECS: dict[str, list[tuple[str, str, str, Any]]] = {
    "framework": [
        ("id", N_("Framework &id"), "line", "ita-2570"),
        ("fiscal_year", N_("&Fiscal year (B.E.)"), "spin", (2500, 2700)),
        ("title", N_("&Title"), "text", 2),
        ("variant", N_("Question &set"), "combo", ("main", "district")),
        ("pass_mark", N_("&Pass mark"), "line", "85"),
        ("source_note", N_("&Where the wording comes from"), "text", 4),
    ],
    "instrument": [
        ("code", N_("Instrument &code"), "line", "IIT, EIT, OIT"),
        ("name", N_("&Name"), "line", ""),
        ("name_en", N_("Name in &English"), "line", ""),
        ("item_prefix", N_("Item code &prefix"), "combo", ("i", "e", "o")),
    ],
    "indicator": [
        ("number", N_("Indicator &number"), "spin", (1, 10)),
        ("name", N_("&Name"), "text", 2),
        ("name_confirmed", N_("Name &checked against the NACC manual"), "check", None),
    ],
    "group": [
        ("number", N_("Sub-indicator &number"), "line", "9.1"),
        ("name", N_("&Name"), "text", 2),
    ],
    "item": [
        ("code", N_("Item &code"), "line", "o27"),
        ("text", N_("&Wording"), "text", 4),
        ("sub_points", N_("&Sub-points (one a line)"), "text", 3),
        ("remark", N_("&Remark"), "line", ""),
        ("confirmed", N_("Wording c&hecked against the NACC manual"), "check", None),
        ("basis", N_("&Basis of the wording"), "line", ""),
    ],
}

_HINTS = {
    "variant": N_("main: the NACC list for most agencies; district: the list of Bangkok "
                  "district offices (sub-department variant)"),
    "basis": N_("Needed while the wording is not checked: where it comes from"),
    "confirmed": N_("Tick only after comparing the wording word for word with this year's "
                    "manual"),
}


class NodePanel(QWidget):
    edited = Signal(str, object)  # field, value

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for field, label, widget_kind, options in SPECS[kind]:
            widget = self._widget(field, widget_kind, options)
            hint = _HINTS.get(field)
            if hint:
                widget.setToolTip(_(hint))
            if widget_kind == "check":
                widget.setText(_(label))  # type: ignore[attr-defined]
                form.addRow("", widget)
            else:
                title = QLabel(_(label))
                title.setBuddy(widget)
                form.addRow(title, widget)
            self.widgets[field] = widget

    def _widget(self, field: str, widget_kind: str, options: Any) -> QWidget:
        emit = self._emitter(field)
        if widget_kind == "line":
            line = QLineEdit()
            line.setPlaceholderText(options or "")
            line.textEdited.connect(emit)
            return line
        if widget_kind == "text":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * (options + 1) + 12)
            text.textChanged.connect(lambda: emit(text.toPlainText()))
            return text
        if widget_kind == "spin":
            spin = QSpinBox()
            spin.setRange(*options)
            spin.valueChanged.connect(emit)
            return spin
        if widget_kind == "combo":
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(list(options))
            combo.currentTextChanged.connect(emit)
            return combo
        check = QCheckBox()
        check.toggled.connect(emit)
        return check

    def _emitter(self, field: str):  # noqa: ANN202
        def emit(value: object) -> None:
            self.edited.emit(field, value)
        return emit

    def load(self, node: Node) -> None:
        """Show ``node``'s values without announcing them as edits."""
        for field, widget in self.widgets.items():
            value = getattr(node, field)
            widget.blockSignals(True)
            try:
                if isinstance(widget, QLineEdit):
                    text = str(_plain(value))
                    if widget.text() != text:
                        widget.setText(text)
                elif isinstance(widget, QPlainTextEdit):
                    text = "\n".join(value) if isinstance(value, list) else str(value)
                    if widget.toPlainText() != text:
                        widget.setPlainText(text)
                elif isinstance(widget, QSpinBox):
                    widget.setValue(int(value))
                elif isinstance(widget, QComboBox):
                    widget.setCurrentText(str(value))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
            finally:
                widget.blockSignals(False)

    def focus(self, field: str) -> None:
        widget = self.widgets.get(field)
        if widget is not None:
            widget.setFocus()


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value
