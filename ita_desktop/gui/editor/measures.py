"""Measures as a numbered list: add, remove, reorder (drag the handle, or Alt+Up / Alt+Down),
each measure multi-line."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from ..i18n import _
from ..qt import (
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QMimeData,
    QMouseEvent,
    QPushButton,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..widgets import TextBox

MIME = "application/x-ita-measure-row"


class _Handle(QLabel):
    """The grip a measure is dragged by."""

    def __init__(self, row: _Row):
        super().__init__("⋮⋮", row)  # the row is the parent: no Python back-reference
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(_("Drag to move this measure (or Alt+Up / Alt+Down)"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        mime = QMimeData()
        row = self.parentWidget()
        assert isinstance(row, _Row)
        mime.setData(MIME, str(row.index).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(row.grab())
        drag.exec(Qt.DropAction.MoveAction)


class _Row(QWidget):
    def __init__(self, editor: MeasuresEditor, index: int, text: str):
        super().__init__()
        self.index = index
        # Weak: the editor keeps its rows, a strong reference back would be a cycle that only
        # Python's cycle collector frees (see docs/desktop.md)
        self._editor = weakref.ref(editor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.handle = _Handle(self)
        self.number = QLabel()
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("99.") + 4)
        self.text = TextBox(min_lines=1, max_lines=10)
        self.text.setPlainText(text)
        self.text.setAccessibleName(_("Measure"))
        self.up = QToolButton()
        self.up.setText("▲")
        self.up.setToolTip(_("Move up (Alt+Up)"))
        self.down = QToolButton()
        self.down.setText("▼")
        self.down.setToolTip(_("Move down (Alt+Down)"))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(_("Remove this measure"))
        for button in (self.up, self.down, self.remove):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: the shortcuts below
        layout.addWidget(self.handle, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        for button in (self.up, self.down, self.remove):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.up.clicked.connect(self._move_up)
        self.down.clicked.connect(self._move_down)
        self.remove.clicked.connect(self._remove)
        self.text.textChanged.connect(editor.edited)
        self.text.focus_lost.connect(editor.focus_lost)
        self.text.key_handler = self._key  # held weakly by the TextBox

    def _move_up(self) -> None:
        editor = self._editor()
        if editor is not None:
            editor.move(self.index, self.index - 1)

    def _move_down(self) -> None:
        editor = self._editor()
        if editor is not None:
            editor.move(self.index, self.index + 1)

    def _remove(self) -> None:
        editor = self._editor()
        if editor is not None:
            editor.remove(self.index)

    def _key(self, event: QKeyEvent) -> bool:
        editor = self._editor()
        if editor is None or editor.read_only:  # a final report: the keys must not change the list either
            return False
        mods, key = event.modifiers(), event.key()
        alt = Qt.KeyboardModifier.AltModifier
        if mods == alt and key == Qt.Key.Key_Up:
            editor.move(self.index, self.index - 1)
        elif mods == alt and key == Qt.Key.Key_Down:
            editor.move(self.index, self.index + 1)
        elif mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Return,
                                                                     Qt.Key.Key_Enter):
            editor.add(self.index + 1)
        elif mods == (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier) \
                and key == Qt.Key.Key_Delete:
            editor.remove(self.index)
        else:
            return False
        return True


class MeasuresEditor(QWidget):
    edited = Signal()  # the list changed (typing, add, remove, move)
    focus_lost = Signal()
    rows_rebuilt = Signal()  # new row widgets: the owner puts them in its tab order

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._rows: list[_Row] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_box = QVBoxLayout()
        layout.addLayout(self.rows_box)
        self.add_button = QPushButton(_("+ Add measure"))
        self.add_button.setToolTip(_("Add a measure (Ctrl+Enter in a measure adds one below)"))
        self.add_button.clicked.connect(self._add_last)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._read_only = False

    def _add_last(self) -> None:
        self.add(len(self._rows))

    # ------------------------------------------------------------------ values
    def values(self) -> list[str]:
        return [row.text.text() for row in self._rows]

    def saved_values(self) -> list[str]:
        """What is stored: blank measures are left out."""
        return [v for v in self.values() if v.strip()]

    def set_values(self, values: list[str]) -> None:
        if self.saved_values() == [v for v in values if v.strip()] and self._rows:
            return
        focus_index = next((r.index for r in self._rows if r.text.hasFocus()), None)
        self._rebuild(list(values))
        if focus_index is not None and self._rows:
            self._rows[min(focus_index, len(self._rows) - 1)].text.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for row in self._rows:
            row.text.setReadOnly(read_only)
            for button in (row.up, row.down, row.remove):
                button.setVisible(not read_only)

    @property
    def read_only(self) -> bool:
        return self._read_only

    def focus_chain(self) -> list[QWidget]:
        return [row.text for row in self._rows] + [self.add_button]

    def text_boxes(self) -> list[TextBox]:
        return [row.text for row in self._rows]

    # ------------------------------------------------------------------ changes
    def _rebuild(self, values: list[str], focus: int | None = None) -> None:
        for row in self._rows:
            row.hide()  # out of sight and out of the tab order until it is deleted
            self.rows_box.removeWidget(row)
            row.deleteLater()
        self._rows = []
        for index, text in enumerate(values):
            row = _Row(self, index, text)
            row.number.setText(f"{index + 1}.")
            self.rows_box.addWidget(row)
            self._rows.append(row)
        self.set_read_only(self._read_only)
        self.rows_rebuilt.emit()
        if focus is not None and self._rows:
            self._rows[max(0, min(focus, len(self._rows) - 1))].text.setFocus()

    def add(self, index: int) -> None:
        values = self.values()
        index = max(0, min(index, len(values)))
        values.insert(index, "")
        self._rebuild(values, focus=index)
        self.edited.emit()

    def remove(self, index: int) -> None:
        values = self.values()
        if 0 <= index < len(values):
            del values[index]
            self._rebuild(values, focus=index if values else None)
            if not values:
                self.add_button.setFocus()
            self.edited.emit()

    def move(self, index: int, target: int) -> None:
        values = self.values()
        if not (0 <= index < len(values) and 0 <= target < len(values)) or index == target:
            return
        values.insert(target, values.pop(index))
        self._rebuild(values, focus=target)
        self.edited.emit()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME) and not self._read_only:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: object) -> None:
        event.acceptProposedAction()  # type: ignore[attr-defined]

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            return
        source = int(bytes(event.mimeData().data(MIME)).decode())
        y = event.position().y()
        target = len(self._rows) - 1
        for row in self._rows:
            if y < row.geometry().center().y():
                target = row.index if row.index <= source else row.index - 1
                break
        event.acceptProposedAction()
        self.move(source, max(0, target))


def on_each(editor: MeasuresEditor, fn: Callable[[TextBox], None]) -> None:
    for box in editor.text_boxes():
        fn(box)
