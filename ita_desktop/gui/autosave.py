"""Autosave: each field's edits reach the database a moment after the typing pauses.

A ``Debouncer`` holds at most one pending save per key (entry id + field); a save runs
``DELAY_MS`` after the last keystroke but never later than ``MAX_WAIT_MS`` after the first
unsaved one (so steady typing is saved too), at once when the field loses focus, and every
pending save runs on ``flush()`` (closing a report, the window, switching database).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from functools import partial

from .qt import QObject, QTimer

DELAY_MS = 400
MAX_WAIT_MS = 700


class Debouncer(QObject):
    def __init__(self, delay_ms: int = DELAY_MS, parent: QObject | None = None,
                 max_wait_ms: int = MAX_WAIT_MS):
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.max_wait_ms = max_wait_ms
        self._first: dict[Hashable, float] = {}
        self._pending: dict[Hashable, Callable[[], None]] = {}
        self._timers: dict[Hashable, QTimer] = {}

    def touch(self, key: Hashable, save: Callable[[], None], delay_ms: int | None = None
              ) -> None:
        """Schedule ``save`` for ``key`` (replacing an older pending save of the same key).
        ``delay_ms``: exactly then (a retry after a failed write), not after the pause."""
        self._pending[key] = save
        now = time.monotonic()
        first = self._first.setdefault(key, now)
        left_ms = max(0, int(self.max_wait_ms - (now - first) * 1000))
        timer = self._timers.get(key)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(partial(self.run, key))  # not a lambda: no cycle
            self._timers[key] = timer
        timer.start(delay_ms if delay_ms is not None else min(self.delay_ms, left_ms))

    def is_pending(self, key: Hashable) -> bool:
        return key in self._pending

    def has_pending(self) -> bool:
        return bool(self._pending)

    def run(self, key: Hashable) -> None:
        timer = self._timers.get(key)
        if timer is not None:
            timer.stop()
        self._first.pop(key, None)
        save = self._pending.pop(key, None)
        if save is not None:
            save()

    def flush(self) -> None:
        for key in list(self._pending):
            self.run(key)

    def drop(self, prefix: object) -> None:
        """Forget pending saves whose key starts with ``prefix`` (a deleted entry)."""
        for key in [k for k in self._pending if isinstance(k, tuple) and k[:1] == (prefix,)]:
            self._pending.pop(key, None)
            self._first.pop(key, None)
