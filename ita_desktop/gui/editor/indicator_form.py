"""One indicator's form: its entries as cards in report order, and "Add item"."""

from __future__ import annotations

from ...core.framework.definition import Framework, Indicator
from ...core.report.model import Entry
from ...core.report.wording import wording_unchecked
from ...core.store.store import Change
from ..i18n import _
from ..qt import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import heading
from .add_item import AddItemDialog
from .autosave import Debouncer
from .entry_card import EntryCard
from .navigator import indicator_title
from .photo_strip import ThumbCache

FIRST_CARDS = 2  # built at once when a form is first shown (they fill the screen)
MORE_CARDS = 2  # then this many per idle moment


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
        self.columns: tuple[str, ...] = ()  # the report's optional columns, for new cards
        self._read_only = False
        self.setWidgetResizable(True)
        body = QWidget()
        # one style sheet for all cards (a sheet per card makes building a form slow)
        body.setStyleSheet("#entry-card { background: #fbfbf8; border: 1px solid #c9c9c0; "
                           "border-radius: 6px; }")
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
        # once per form, and only while some wording is still the bundled, unchecked default
        self.wording_hint = QLabel()
        self.wording_hint.setObjectName("wording-hint")
        self.wording_hint.setWordWrap(True)
        self.wording_hint.setStyleSheet("color: #8a5300;")
        self.wording_hint.hide()
        layout.addWidget(self.wording_hint)
        self._entries: dict[int, Entry] = {}
        self.empty = QLabel(_("No items of this indicator in the report yet. Use “Add item…” "
                              "to add one."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(14)
        layout.addLayout(self.cards_box)
        layout.addStretch(1)
        self._order: list[int] = []
        self._wanted: list[int] = []
        self._more = QTimer(self)  # builds the remaining cards, a few per idle moment
        self._more.setSingleShot(True)
        self._more.timeout.connect(self._build_more)

    # ------------------------------------------------------------------ building
    def show_entries(self, entries: list[Entry], progressive: bool = False) -> None:
        """Cards for ``entries`` (this indicator's, in report order); cards are reused.

        ``progressive``: build only the first few new cards now and the rest in the next idle
        moments, so a long indicator appears at once and fills in below."""
        ids = [e.id for e in entries]
        self._wanted = list(ids)  # type: ignore[arg-type]
        self._entries = {e.id: e for e in entries}  # type: ignore[misc]
        self._update_wording_hint()
        for entry_id in [i for i in self.cards if i not in ids]:
            card = self.cards.pop(entry_id)
            self.cards_box.removeWidget(card)
            card.deleteLater()
            self.debouncer.drop(entry_id)
        built = 0
        for entry in entries:
            card = self.cards.get(entry.id)  # type: ignore[arg-type]
            if card is None:
                if progressive and built >= FIRST_CARDS:
                    continue
                self._new_card(entry)
                built += 1
            else:
                card.show_entry(entry)
        self._arrange()
        self.empty.setVisible(not entries)
        if self._missing():
            self._more.start(0)

    def _new_card(self, entry: Entry) -> EntryCard:
        card = EntryCard(self.session, entry, self.framework, self.debouncer, self.thumbs)
        card.delete_requested.connect(self.delete_entry)
        card.move_requested.connect(self.move_entry)
        card.set_read_only(self._read_only)
        if self.columns:
            card.set_columns(self.columns)
        self.cards[entry.id] = card  # type: ignore[index]
        return card

    def _missing(self) -> list[int]:
        return [i for i in self._wanted if i not in self.cards]

    def _arrange(self) -> None:
        order = [i for i in self._wanted if i in self.cards]
        if order != self._order:
            for entry_id in order:
                self.cards_box.removeWidget(self.cards[entry_id])
            for entry_id in order:
                self.cards_box.addWidget(self.cards[entry_id])
            self._order = order
            # Tab goes from "Add item…" through the cards in report order
            chain: list[QWidget] = [self.add_button]
            for entry_id in order:
                chain += self.cards[entry_id].focus_chain()
            for first, second in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(first, second)

    def _build_more(self, all_of_them: bool = False) -> None:
        missing = self._missing()
        for entry_id in missing if all_of_them else missing[:MORE_CARDS]:
            self._new_card(self.session.entry(entry_id))
        self._arrange()
        if self._missing():
            self._more.start(0)

    def stop_building(self) -> None:
        """No more cards (the report is being closed: the database may close next)."""
        self._more.stop()

    def ensure_all(self) -> None:
        """Build any cards still waiting (before jumping to one, or in tests)."""
        if self._missing():
            self._more.stop()
            self._build_more(all_of_them=True)

    def on_change(self, change: Change) -> None:
        """Refresh the card a change concerns (entries added/removed: the caller rebuilds)."""
        if change.entry_id is not None and change.entry_id in self.cards:
            entry = self.session.entry(change.entry_id)
            self.cards[change.entry_id].show_entry(entry)
            if change.entry_id in self._entries:
                self._entries[change.entry_id] = entry
                self._update_wording_hint()

    def set_columns(self, columns: tuple[str, ...]) -> None:
        """The report's optional columns: every card shows their fields."""
        if columns != self.columns:
            self.columns = columns
            for card in self.cards.values():
                card.set_columns(columns)

    def unchecked_items(self) -> list[str]:
        """Codes of this form's items whose wording is still the bundled, unchecked default."""
        return [e.code_label for e in self._entries.values()
                if wording_unchecked(e, self.framework)]

    def _update_wording_hint(self) -> None:
        codes = self.unchecked_items()
        if codes and not self._read_only:
            self.wording_hint.setText(_(
                "The wording of {items} comes from the bundled form and has not been checked "
                "against the official manual yet: check it and correct it in the item if "
                "needed.").format(items=", ".join(codes)))
        self.wording_hint.setVisible(bool(codes) and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        self._update_wording_hint()
        for card in self.cards.values():
            card.set_read_only(read_only)

    def card(self, entry_id: int) -> EntryCard | None:
        if entry_id not in self.cards:
            self.ensure_all()
        return self.cards.get(entry_id)

    def reveal(self, entry_id: int, focus: bool = True) -> None:
        card = self.card(entry_id)
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

    def move_entry(self, entry_id: int, step: int) -> None:
        """Swap places with the neighbouring item of this indicator (report order)."""
        if self._read_only:
            return
        order = [i for i in self._wanted]
        if entry_id not in order:
            return
        index = order.index(entry_id) + step
        if not 0 <= index < len(order):
            return
        self.debouncer.flush()
        neighbour = self.session.entry(order[index])
        self.session.move_entry(entry_id, neighbour.position)
        card = self.cards.get(self.session.entry_id(entry_id))
        if card is not None:
            self.ensureWidgetVisible(card, 0, 0)
            if not card.isAncestorOf(QApplication.focusWidget()):
                card.up_button.setFocus() if step < 0 else card.down_button.setFocus()

    def delete_entry(self, entry_id: int) -> None:
        self.debouncer.flush()  # the deleted entry's last keystrokes are kept for undo
        self.session.delete_entry(entry_id)
