"""The framework editor (File → Edit a framework… / New framework from…): a tree of the
framework's instruments, indicators, sub-indicators and items, the fields of the selected one,
buttons to add, remove, move and renumber, and the problems found as the clerk edits. Save is
enabled only while there is none.

Every change is a core operation (``core/framework/editing.py``) on a draft: the dialog keeps
the drafts before each change for Undo. Saving is the window's (``save`` given by
``window_actions.py``, which knows the reports on each framework); the dialog never opens the
database.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from ...core.base.errors import FormError, ItaError
from ...core.framework import catalog
from ...core.framework import editing as E
from ...core.framework.draft import (
    FrameworkDraft,
    GroupDraft,
    IndicatorDraft,
    InstrumentDraft,
    ItemDraft,
    Node,
    Path,
    kind,
    node_at,
    open_draft,
    walk,
)
from ...core.framework.transfer import Installed
from ...core.framework.versions import next_version
from .. import i18n
from ..i18n import _
from ..qt import (
    QBrush,
    QColor,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..widgets import heading, message_label, show_message
from .node_fields import SPECS, NodePanel

PATH_ROLE = Qt.ItemDataRole.UserRole
PROBLEM_COLOUR = QColor("#b00020")
UNDO_LIMIT = 200


def node_label(node: Node) -> str:
    if isinstance(node, FrameworkDraft):
        return f"{node.id} — {_short(node.title, 50)}"
    if isinstance(node, InstrumentDraft):
        return f"{node.code} {_short(node.name, 60)}".strip()
    if isinstance(node, IndicatorDraft):
        return _("Indicator {number}: {name}").format(number=node.number,
                                                       name=_short(node.name, 60))
    if isinstance(node, GroupDraft):
        return f"{node.number} {_short(node.name, 60)}"
    assert isinstance(node, ItemDraft)
    checked = " — " + _("checked") if node.confirmed else ""
    return f"{node.code} {_short(node.text, 70)}{checked}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class FrameworkEditorDialog(QDialog):
    saved = Signal(str)  # the framework id written

    def __init__(self, draft: FrameworkDraft, *, used: dict[str, list[int]],
                 save: Callable[[FrameworkDraft], Installed], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Framework editor"))
        self.draft = draft
        self.used = used
        self._save = save
        self._saved_draft = copy.deepcopy(draft) if draft.origin else None
        self._undo: list[tuple[FrameworkDraft, Path]] = []
        self._undo_key: object = None
        self._existing = set(catalog.available())
        self.path: Path = ()
        self.tree_items: dict[Path, QTreeWidgetItem] = {}
        self._build()
        self._rebuild_tree(())
        self._check()
        self.resize(1200, 780)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = heading("")
        layout.addWidget(self.title)
        self.note = message_label(self, "info")
        layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._selected)
        left_layout.addWidget(self.tree, 1)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        specs = [("instrument", _("Add instrument"), self.add_instrument),
                 ("indicator", _("Add indicator"), self.add_indicator),
                 ("group", _("Add sub-indicator"), self.add_group),
                 ("item", _("Add &item"), self.add_item),
                 ("remove", _("&Remove"), self.remove),
                 ("renumber", _("Renum&ber"), self.renumber),
                 ("up", _("Move &up"), lambda: self.move_node(-1)),
                 ("down", _("Move &down"), lambda: self.move_node(+1))]
        for n, (name, text, slot) in enumerate(specs):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            grid.addWidget(button, n // 2, n % 2)
            self.buttons[name] = button
        left_layout.addLayout(grid)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.kind_label = heading("", 1.1)
        right_layout.addWidget(self.kind_label)
        self.stack = QStackedWidget()
        self.panels: dict[str, NodePanel] = {}
        for node_kind in SPECS:
            panel = NodePanel(node_kind)
            panel.edited.connect(self._field_edited)
            self.stack.addWidget(panel)
            self.panels[node_kind] = panel
        right_layout.addWidget(self.stack)
        self.field_error = message_label(self, "error")
        right_layout.addWidget(self.field_error)
        right_layout.addStretch(1)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])
        layout.addWidget(splitter, 1)

        self.problems_title = QLabel()
        layout.addWidget(self.problems_title)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(self.problems.fontMetrics().lineSpacing() * 7)
        self.problems.itemActivated.connect(self._problem_chosen)
        self.problems.itemClicked.connect(self._problem_chosen)
        layout.addWidget(self.problems)
        self.result = message_label(self, "info")
        layout.addWidget(self.result)

        row = QHBoxLayout()
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.clicked.connect(self.undo)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)
        row.addWidget(self.save_button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)

    # ------------------------------------------------------------------ tree
    def _rebuild_tree(self, select: Path) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree_items = {}
        for path, node in walk(self.draft):
            parent = self.tree_items.get(path[:-1]) if path else None
            item = QTreeWidgetItem([node_label(node)])
            item.setData(0, PATH_ROLE, path)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self.tree_items[path] = item
        self.tree.expandToDepth(1)
        self.tree.blockSignals(False)
        self.select(select if select in self.tree_items else ())
        self._update_heading()

    def select(self, path: Path) -> None:
        item = self.tree_items.get(path)
        if item is None:
            return
        self.tree.setCurrentItem(item)  # -> _selected
        self.tree.scrollToItem(item)
        if self.path != path or self.stack.currentWidget() is not self.panels[self._kind(path)]:
            self._show(path)

    def _kind(self, path: Path) -> str:
        return kind(node_at(self.draft, path))

    def _selected(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if current is not None:
            self._show(current.data(0, PATH_ROLE))

    def _show(self, path: Path) -> None:
        self.path = tuple(path)
        node = node_at(self.draft, self.path)
        panel = self.panels[kind(node)]
        panel.load(node)
        self.stack.setCurrentWidget(panel)
        self.kind_label.setText({"framework": _("The framework"),
                                 "instrument": _("Instrument"), "indicator": _("Indicator"),
                                 "group": _("Sub-indicator"), "item": _("Item")}[kind(node)])
        show_message(self.field_error, "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        depth = len(self.path)
        self.buttons["indicator"].setEnabled(depth >= 1)
        self.buttons["group"].setEnabled(depth >= 2)
        self.buttons["item"].setEnabled(depth >= 2 or (
            depth == 1 and bool(self.draft.instruments[self.path[0]].indicators)))
        self.buttons["remove"].setEnabled(depth >= 1)
        self.buttons["up"].setEnabled(E.can_move(self.draft, self.path, -1))
        self.buttons["down"].setEnabled(E.can_move(self.draft, self.path, +1))
        self.undo_button.setEnabled(bool(self._undo))

    def _relabel(self, path: Path) -> None:
        """New labels for the node at ``path`` and everything under it (and the root)."""
        for p, node in walk(self.draft):
            if p[:len(path)] == path or p == ():
                item = self.tree_items.get(p)
                if item is not None:
                    item.setText(0, node_label(node))

    def _update_heading(self) -> None:
        self.title.setText(_("Framework {id} — fiscal year {year}").format(
            id=self.draft.id, year=self.draft.fiscal_year))
        origin = self.draft.origin
        count = len(self.used.get(origin or "", []))
        if origin is None:
            text = _("A new framework, not saved yet. It is saved in your forms folder.")
        elif count:
            following = next_version(origin, [*self._existing, *self.used])
            text = _("Reports using {id}: {count}. Saving a change makes the new version "
                     "{next}; those reports keep {id}.").format(id=origin, count=count,
                                                              next=following)
        else:
            text = _("No report uses {id} yet: saving changes it in place (the old file is "
                     "kept as .bak).").format(id=origin)
        show_message(self.note, text)

    # ------------------------------------------------------------------ edits
    def _push(self, key: object) -> None:
        """Keep the draft before a change for Undo; typing in one field is one step."""
        if key is not None and key == self._undo_key and self._undo:
            return
        self._undo.append((self.draft, self.path))
        del self._undo[:-UNDO_LIMIT]
        self._undo_key = key

    def _field_edited(self, field: str, value: object) -> None:
        try:
            edit = E.set_field(self.draft, self.path, field, value)
        except FormError as exc:
            show_message(self.field_error, exc.message)
            return
        show_message(self.field_error, "")
        self._push((self.path, field))
        self.draft = edit.draft
        self._relabel(self.path)
        if field in ("id", "fiscal_year"):
            self._update_heading()
        self._check()

    def _apply(self, operation: Callable[[], E.Edit], note: str = "") -> E.Edit | None:
        try:
            edit = operation()
        except FormError as exc:
            show_message(self.field_error, exc.message)
            return None
        self._push(None)
        self.draft = edit.draft
        self._rebuild_tree(edit.path)
        self._check()
        show_message(self.result, note)
        return edit

    def add_instrument(self) -> None:
        self._apply(lambda: E.add_instrument(self.draft, self.path[:1]))

    def add_indicator(self) -> None:
        self._apply(lambda: E.add_indicator(self.draft, self.path))

    def add_group(self) -> None:
        self._apply(lambda: E.add_group(self.draft, self.path))

    def add_item(self) -> None:
        if self._apply(lambda: E.add_item(self.draft, self.path)):
            self.panels["item"].focus("text")

    def remove(self) -> None:
        self._apply(lambda: E.remove(self.draft, self.path))

    def move_node(self, delta: int) -> None:
        self._apply(lambda: E.move(self.draft, self.path, delta))

    def renumber(self) -> None:
        edit = E.renumber(self.draft, self.path)
        changed = ", ".join(f"{old} → {new}" for old, new in list(edit.renamed.items())[:12])
        more = "…" if len(edit.renamed) > 12 else ""
        self._apply(lambda: edit, _("Renumbered. Item codes changed: {count} {list}").format(
            count=len(edit.renamed), list=f"({changed}{more})" if changed else ""))

    def undo(self) -> None:
        if not self._undo:
            return
        self.draft, path = self._undo.pop()
        self._undo_key = None
        self._rebuild_tree(path)
        self._check()

    # ------------------------------------------------------------------ problems, saving
    def _check(self) -> list[E.Problem]:
        found = E.validate(self.draft, self._existing)
        language = i18n.language()
        self.problems.clear()
        for problem in found:
            row = QListWidgetItem(problem.text(language))
            row.setData(PATH_ROLE, (problem.path, problem.field))
            self.problems.addItem(row)
        self.problems.setVisible(bool(found))
        self.problems_title.setText(
            _("Problems to fix before saving: {count}").format(count=len(found)) if found
            else _("No problems: the framework can be saved."))
        bad = {problem.path for problem in found}
        for path, item in self.tree_items.items():
            item.setForeground(0, QBrush(PROBLEM_COLOUR) if path in bad else QBrush())
        self.save_button.setEnabled(not found)
        self._update_buttons()
        return found

    def _problem_chosen(self, row: QListWidgetItem) -> None:
        path, field = row.data(PATH_ROLE)
        self.select(tuple(path))
        panel = self.stack.currentWidget()
        if isinstance(panel, NodePanel) and field:
            panel.focus(field)

    def is_dirty(self) -> bool:
        return self._saved_draft is None or self.draft != self._saved_draft

    def save(self) -> None:
        if self._check():
            return
        before = self.draft.origin
        try:
            result = self._save(self.draft)
        except ItaError as exc:
            self.result.setStyleSheet("color: #b00020;")
            show_message(self.result, exc.text())
            return
        self.result.setStyleSheet("color: #335;")
        if result.status == "new-version":
            text = _("Reports use {old}, so it was not changed: saved as the new version {id}. "
                     "Those reports keep {old} until they are moved to it.").format(
                         old=before, id=result.framework_id)
        elif result.status == "already-here":
            text = _("Nothing changed since the last save.")
        else:
            text = _("Saved as {id} in your forms folder.").format(id=result.framework_id)
        show_message(self.result, text)
        self._existing = set(catalog.available())
        self.draft = open_draft(result.framework_id)  # what is shown is what was written
        self._saved_draft = copy.deepcopy(self.draft)
        self._undo.clear()
        self._rebuild_tree(self.path)
        self._check()
        self.saved.emit(result.framework_id)

    def reject(self) -> None:
        if self.is_dirty():
            box = QMessageBox(QMessageBox.Icon.Question, _("Framework editor"),
                              _("The changes to this framework are not saved. Close anyway?"),
                              QMessageBox.StandardButton.NoButton, self)
            keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.addButton(_("Close without saving"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is keep:
                return
        super().reject()
