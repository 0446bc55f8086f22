"""Small reusable widgets: a growing multi-line text box that reports focus-out, section
labels, inline message labels."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable

from .qt import (
    QEvent,
    QFocusEvent,
    QFont,
    QFrame,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QSizePolicy,
    Qt,
    QTextEdit,
    QWidget,
    Signal,
)


class KeyHandlerSlot:
    """A ``key_handler`` attribute (``Callable[[QKeyEvent], bool] | None``) that holds a bound
    method weakly: a child keeping its owner's method alive would make a reference cycle that
    only Python's cycle collector frees (see docs/desktop.md)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr = "_" + name + "_ref"

    def __get__(self, obj: object, owner: type | None = None) -> Callable[[QKeyEvent], bool] | None:
        if obj is None:
            return self  # type: ignore[return-value]
        ref = getattr(obj, self.attr, None)
        return None if ref is None else ref()

    def __set__(self, obj: object, fn: Callable[[QKeyEvent], bool] | None) -> None:
        ref: Callable[[], Callable[[QKeyEvent], bool] | None] | None
        if fn is None:
            ref = None
        elif inspect.ismethod(fn):
            ref = weakref.WeakMethod(fn)
        else:
            def ref() -> Callable[[QKeyEvent], bool]:  # a plain function: kept as it is
                return fn
        setattr(obj, self.attr, ref)


def is_report_undo_key(event: QKeyEvent) -> bool:
    """Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z: the report's undo/redo (the window's actions)."""
    return (event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or (event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and event.key() == Qt.Key.Key_Y))


class LineEdit(QLineEdit):
    """A one-line report field: its own undo does not take Ctrl+Z / Ctrl+Y from the report's
    undo (whose history is what is saved)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_report_undo_key(event):  # type: ignore[arg-type]
            event.ignore()
            return True
        return super().event(event)


class TextBox(QTextEdit):
    """Plain multi-line text that grows with its content (no inner scrollbar for short texts).
    Tab moves focus (typing a tab into a report field is never wanted)."""

    focus_lost = Signal()
    key_handler = KeyHandlerSlot()  # True: handled

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 14):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)  # undo is the report's (session), see mainwindow
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.key_handler = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def set_text_quietly(self, text: str) -> None:
        """Replace the text without emitting textChanged (a refresh from the database)."""
        if self.toPlainText() == text:
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        cursor = self.textCursor()  # keep the caret where it was (undo while typing)
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.blockSignals(False)
        self._fit()

    def _fit(self, *args: object) -> None:
        line = self.fontMetrics().lineSpacing()
        doc_h = int(self.document().size().height())
        margins = int(self.document().documentMargin() * 2) + self.frameWidth() * 2 + 4
        wanted = max(self.min_lines * line, min(self.max_lines * line, doc_h)) + margins
        if self.height() != wanted or self.minimumHeight() != wanted:
            self.setFixedHeight(wanted)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_report_undo_key(event):  # type: ignore[arg-type]
            event.ignore()  # let the window's Undo/Redo action have the keys
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def changeEvent(self, event: object) -> None:  # font size changed: fit again
        super().changeEvent(event)  # type: ignore[arg-type]
        self._fit()


def heading(text: str, scale: float = 1.25, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def message_label(parent: QWidget | None = None, kind: str = "error") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setObjectName(f"message-{kind}")
    colour = {"error": "#b00020", "warning": "#8a5300", "info": "#335"}[kind]
    label.setStyleSheet(f"color: {colour};")
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def hline() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
