"""One indicator's form: its entries as cards in report order, and "Add item"."""

from __future__ import annotations

from ..core.framework import Framework, Indicator
from ..core.model import Entry
from ..core.store.store import Change
from .add_item import AddItemDialog
from .autosave import Debouncer
from .entry_card import EntryCard
from .i18n import _
from .navigator import indicator_title
from .photo_strip import ThumbCache
from .qt import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget, Signal
from .session import Session
from .widgets import heading


class IndicatorForm(QScrollArea):
    entry_added = Signal(int)

    def __init__(self, session: Session, report_id: int, indicator: Indicator,
                 framework: Framework | None, debouncer: Debouncer, thumbs: ThumbCache,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        self.indicator = indicator
        self.framework = framework
        self.debouncer = debouncer
        self.thumbs = thumbs
        self.cards: dict[int, EntryCard] = {}
        self._read_only = False
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(heading(indicator_title(indicator.number, indicator.name), 1.3), 1)
        self.add_button = QPushButton(_("&Add item…"))
        self.add_button.setToolTip(_("Add an item of this indicator (Ctrl+I)"))
        self.add_button.clicked.connect(self.add_item)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.empty = QLabel(_("No items of this indicator in the report yet. Use “Add item…” "
                              "to add one."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(14)
        layout.addLayout(self.cards_box)
        layout.addStretch(1)
        self._order: list[int] = []

    # ------------------------------------------------------------------ building
    def show_entries(self, entries: list[Entry]) -> None:
        """Cards for ``entries`` (this indicator's, in report order); cards are reused."""
        ids = [e.id for e in entries]
        for entry_id in [i for i in self.cards if i not in ids]:
            card = self.cards.pop(entry_id)
            self.cards_box.removeWidget(card)
            card.deleteLater()
            self.debouncer.drop(entry_id)
        for entry in entries:
            card = self.cards.get(entry.id)  # type: ignore[arg-type]
            if card is None:
                card = EntryCard(self.session, entry, self.framework, self.debouncer, self.thumbs)
                card.delete_requested.connect(self.delete_entry)
                card.set_read_only(self._read_only)
                self.cards[entry.id] = card  # type: ignore[index]
            else:
                card.show_entry(entry)
        if ids != self._order:
            for entry_id in ids:
                self.cards_box.removeWidget(self.cards[entry_id])
            for entry_id in ids:
                self.cards_box.addWidget(self.cards[entry_id])
            self._order = list(ids)  # type: ignore[arg-type]
        self.empty.setVisible(not entries)

    def on_change(self, change: Change) -> None:
        """Refresh the card a change concerns (entries added/removed: the caller rebuilds)."""
        if change.entry_id is not None and change.entry_id in self.cards:
            self.cards[change.entry_id].show_entry(self.session.entry(change.entry_id))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for card in self.cards.values():
            card.set_read_only(read_only)

    def card(self, entry_id: int) -> EntryCard | None:
        return self.cards.get(entry_id)

    def reveal(self, entry_id: int, focus: bool = True) -> None:
        card = self.cards.get(entry_id)
        if card is not None:
            self.verticalScrollBar().setValue(card.y())  # the card's top at the top
            if focus:
                card.focus_first()

    # ------------------------------------------------------------------ actions
    def add_item(self) -> None:
        if self._read_only:
            return
        report = self.session.report(self.report_id)
        used = {e.item for e in report.entries if e.item}
        added: list[int] = []
        dialog = AddItemDialog(self.indicator, used,
                               lambda entry: added.append(
                                   self.session.add_entry(self.report_id, entry)), self)
        dialog.exec()
        if added:
            self.entry_added.emit(added[0])

    def delete_entry(self, entry_id: int) -> None:
        self.debouncer.flush()  # the deleted entry's last keystrokes are kept for undo
        self.session.delete_entry(entry_id)
