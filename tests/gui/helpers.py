"""Helpers for driving modal dialogs and typing in GUI tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

_generation = [0]  # bumped after each test (conftest) so a leftover wait stops


def forget_modal_waits() -> None:
    _generation[0] += 1


def on_modal(callback: Callable[[QWidget], None], tries: int = 200,
             active: bool = False) -> None:
    """Run ``callback`` on the next modal dialog once it is shown (call before exec()).
    ``active``: also wait until it is the active window (keyboard tests)."""

    generation = _generation[0]

    def attempt(left: int) -> None:
        if generation != _generation[0]:
            return  # from a test that has ended
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.objectName() == "busy-dialog":
            widget = None  # a job's busy bar (gui/busy.py) closes by itself: wait past it
        if widget is None or not widget.isVisible() or (
                active and QApplication.activeWindow() is not widget):
            if left:
                QTimer.singleShot(10, lambda: attempt(left - 1))
            return
        callback(widget)

    QTimer.singleShot(0, lambda: attempt(tries))


def make_files(folder, n: int = 3) -> list[str]:  # noqa: ANN001
    from tests.conftest import jpeg_bytes

    paths = []
    for i in range(n):
        path = folder / f"photo{i}.jpg"
        path.write_bytes(jpeg_bytes(seed=i + 1))
        paths.append(str(path))
    return paths


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key into ``widget`` (QTest.keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


class StallMeter:
    """The longest gap between ticks of a 10 ms timer: how long the event loop was stuck."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.longest = 0.0
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def __enter__(self) -> StallMeter:
        self.last = time.monotonic()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
        self._tick()  # the gap up to the end counts too: a loop stuck to the end shows here
