"""Add item: pick one of the framework's items for an indicator (search by code or words),
an item range such as o1-o22, or a free label."""

from __future__ import annotations

from collections.abc import Callable

from ...core.base.errors import ItaError
from ...core.framework.definition import Indicator
from ...core.report.model import Entry
from ...core.text.thai import normalise_text
from ..i18n import _
from ..qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ..widgets import message_label, show_message

ROLE = Qt.ItemDataRole.UserRole


class AddItemDialog(QDialog):
    def __init__(self, indicator: Indicator, used: set[str], on_add: Callable[[Entry], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.on_add = on_add
        self.indicator = indicator
        self.entry: Entry | None = None
        self.setWindowTitle(_("Add item"))
        layout = QVBoxLayout(self)
        title = QLabel(_("Indicator {number}: {name}").format(number=indicator.number,
                                                              name=indicator.name))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.pick = QRadioButton(_("An &item of the assessment"))
        self.pick.setChecked(True)
        layout.addWidget(self.pick)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by code or words, e.g. o12 or complaint"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        for item in indicator.items:
            text = f"{item.code.upper()}  {item.text}"
            if item.code in used:
                text += "  " + _("(already in the report)")
            row = QListWidgetItem(text)
            row.setData(ROLE, item.code)
            row.setData(ROLE + 1, normalise_text(f"{item.code} {item.text}").lower())
            self.list.addItem(row)
        unused = [row for row in range(self.list.count())
                  if self.list.item(row).data(ROLE) not in used]
        if self.list.count():
            self.list.setCurrentRow(unused[0] if unused else 0)
        layout.addWidget(self.list, 1)

        self.range_button = QRadioButton(_("A &range of items"))
        layout.addWidget(self.range_button)
        self.range = QLineEdit()
        first, last = indicator.items[0].code, indicator.items[-1].code
        self.range.setPlaceholderText(_("e.g. {first}-{last}").format(first=first, last=last))
        layout.addWidget(self.range)
        self.label_button = QRadioButton(_("A &label of your own"))
        layout.addWidget(self.label_button)
        form = QFormLayout()
        self.label = QLineEdit()
        form.addRow(_("Label"), self.label)
        layout.addLayout(form)
        self.error = message_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        # bound methods, not lambdas capturing self: no reference cycle (docs/desktop.md)
        self.search.textChanged.connect(self._check_pick)
        self.range.textEdited.connect(self._check_range)
        self.label.textEdited.connect(self._check_label)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        self.search.setFocus()
        self.resize(720, 560)

    def _check_pick(self, *_args: object) -> None:
        self.pick.setChecked(True)

    def _check_range(self, *_args: object) -> None:
        self.range_button.setChecked(True)

    def _check_label(self, *_args: object) -> None:
        self.label_button.setChecked(True)

    def _double_clicked(self, *_args: object) -> None:
        self.accept()

    def _filter(self, text: str) -> None:
        words = normalise_text(text).lower().split()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hay = item.data(ROLE + 1)
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        if first_visible is not None and (self.list.currentItem() is None
                                          or self.list.currentItem().isHidden()):
            self.list.setCurrentItem(first_visible)

    def accept(self) -> None:
        ind = self.indicator
        if self.pick.isChecked():
            item = self.list.currentItem()
            if item is None or item.isHidden():
                show_message(self.error, _("Choose an item from the list"))
                return
            self.entry = Entry(item=item.data(ROLE))
        elif self.range_button.isChecked():
            text = self.range.text().strip()
            if "-" not in text.replace("–", "-"):
                show_message(self.error, _("Type a range such as o1-o22"))
                return
            self.entry = Entry(item=text, instrument=ind.instrument, indicator=ind.number)
        else:
            label = self.label.text().strip()
            if not label:
                show_message(self.error, _("Type a label"))
                return
            self.entry = Entry(label=label, instrument=ind.instrument, indicator=ind.number)
        try:
            self.on_add(self.entry)
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        super().accept()

    def set_error(self, message: str) -> None:
        show_message(self.error, message)
