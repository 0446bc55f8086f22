"""The navigator: instrument → indicator → entries, with completeness and photo counts."""

from __future__ import annotations

from ...core.framework.definition import Framework
from ...core.report.model import Report, format_score
from ...core.report.scoresheet import indicator_score
from ..i18n import _
from ..qt import QBrush, QColor, Qt, QTreeWidget, QTreeWidgetItem, QWidget, Signal
from .completeness import is_complete, missing_parts

ROLE = Qt.ItemDataRole.UserRole


def indicator_title(number: int, name: str) -> str:
    return _("Indicator {number}: {name}").format(number=number, name=name)


class Navigator(QTreeWidget):
    indicator_selected = Signal(int)
    entry_selected = Signal(int)  # moved onto an entry (arrow keys, click): show it
    entry_activated = Signal(int)  # Enter / double-click: show it and start typing in it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # every row, long headings too
        self._items: dict[tuple[str, object], QTreeWidgetItem] = {}
        self._shape: tuple[object, ...] = ()
        self.currentItemChanged.connect(self._current_changed)
        self.itemActivated.connect(self._activated)
        self._quiet = False

    def populate(self, report: Report, framework: Framework | None) -> None:
        """Build or update the tree (texts in place when the structure has not changed)."""
        by_indicator: dict[int | None, list] = {}
        for entry in report.entries:
            by_indicator.setdefault(entry.indicator, []).append(entry)
        structure: list[tuple[str, object, str, object]] = []  # kind, key, text, parent key
        if framework is not None:
            for instrument in framework.instruments:
                head = f"{instrument.code} {instrument.name}"
                if instrument.code in report.scores.instruments:
                    head += f"  · {format_score(report.scores.instruments[instrument.code], report.digits)}"
                structure.append(("instrument", instrument.code, head, None))
                for indicator in instrument.indicators:
                    entries = by_indicator.get(indicator.number, [])
                    done = sum(is_complete(e) for e in entries)
                    text = indicator_title(indicator.number, indicator.name)
                    score = indicator_score(report.scores, [it.code for it in indicator.items])
                    if score is not None:  # the mean of its item scores on the result sheet
                        text += "  · " + _("score {score}").format(
                            score=format_score(score, report.digits))
                    if entries:
                        text += f"  ({done}/{len(entries)})"
                    structure.append(("indicator", indicator.number, text, instrument.code))
                    for entry in entries:
                        structure.append(("entry", entry.id, self._entry_text(entry),
                                          indicator.number))
        shape = tuple((kind, key, parent) for kind, key, _t, parent in structure)
        self._quiet = True
        try:
            if shape != self._shape:
                self._rebuild(structure)
                self._shape = shape
            for kind, key, text, _p in structure:
                item = self._items[(kind, key)]
                if item.text(0) != text:
                    item.setText(0, text)
                    item.setToolTip(0, text)
            for entry in report.entries:
                item = self._items.get(("entry", entry.id))
                if item is not None:
                    missing = missing_parts(entry)
                    item.setForeground(0, QBrush(QColor("#222" if not missing else "#8a5300")))
                    item.setToolTip(0, _("Complete") if not missing else
                                    _("Missing: {parts}").format(parts=", ".join(missing)))
        finally:
            self._quiet = False

    @staticmethod
    def _entry_text(entry) -> str:  # noqa: ANN001
        mark = "✓" if is_complete(entry) else "○"
        photos = _("{n} photos").format(n=len(entry.photos))
        return f"{mark} {entry.code_label} · {photos}"

    def _rebuild(self, structure: list[tuple[str, object, str, object]]) -> None:
        current = self.currentItem()
        current_key = current.data(0, ROLE) if current else None
        self.clear()
        self._items.clear()
        for kind, key, text, parent_key in structure:
            parent = self._items.get(("instrument", parent_key) if kind == "indicator" else
                                     ("indicator", parent_key)) if parent_key is not None else None
            item = QTreeWidgetItem([text])
            item.setToolTip(0, text)  # the full text where the row is elided ("…")
            item.setData(0, ROLE, (kind, key))
            if kind == "instrument":
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                self.addTopLevelItem(item)
            elif parent is not None:
                parent.addChild(item)
            self._items[(kind, key)] = item
        self.expandAll()
        if current_key is not None and tuple(current_key) in self._items:
            self.setCurrentItem(self._items[tuple(current_key)])

    def select(self, kind: str, key: object) -> None:
        item = self._items.get((kind, key))
        if item is not None and item is not self.currentItem():
            self._quiet = True
            self.setCurrentItem(item)
            self._quiet = False

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind, key = item.data(0, ROLE)
        if kind == "entry":
            self.entry_activated.emit(key)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._quiet or current is None:
            return
        kind, key = current.data(0, ROLE)
        if kind == "indicator":
            self.indicator_selected.emit(key)
        elif kind == "entry":
            self.entry_selected.emit(key)
