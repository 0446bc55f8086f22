"""The undo history of the open report, as plain data (no Qt, no database).

An ``Operation`` knows how to undo and redo itself (each returns the core's ``Change`` list);
edits of one field within ``MERGE_SECONDS`` merge into one step, typed text in steps of words
(``typing_steps``). Operations that re-create rows (undoing a deletion, redoing an addition)
get new database ids: ``entry_aliases`` / ``photo_aliases`` map the ids older operations
remember to the current ones. ``gui/session.py`` runs the operations and announces them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.store.store import Change
from .typing_steps import TypingStep

MERGE_SECONDS = 2.0  # consecutive edits of one field within this time undo together


@dataclass
class Operation:
    label: str
    undo: Callable[[], list[Change]]
    redo: Callable[[], list[Change]]
    key: tuple[Any, ...] | None = None  # edits with the same key may merge
    at: float = 0.0
    typing: TypingStep | None = None  # a typed-text step: it decides what may join it


@dataclass
class UndoStack:
    done: list[Operation] = field(default_factory=list)     # undo pops from the end
    undone: list[Operation] = field(default_factory=list)   # redo pops from the end
    entry_aliases: dict[int, int] = field(default_factory=dict)
    photo_aliases: dict[int, int] = field(default_factory=dict)

    def push(self, op: Operation) -> None:
        op.at = time.monotonic()
        top = self.top()
        if (top is not None and op.key is not None and top.key == op.key
                and op.at - top.at < MERGE_SECONDS and op.typing is None):
            top.redo, top.at = op.redo, op.at  # keep the oldest undo, take the newest redo
        else:
            self.done.append(op)
        self.undone.clear()

    def top(self) -> Operation | None:
        return self.done[-1] if self.done else None

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()

    def undo_label(self) -> str:
        return self.done[-1].label if self.done else ""

    def redo_label(self) -> str:
        return self.undone[-1].label if self.undone else ""

    def entry_id(self, entry_id: int) -> int:
        """The current id of an entry some older operation knew by ``entry_id``."""
        return self.entry_aliases.get(entry_id, entry_id)

    def photo_id(self, photo_id: int) -> int:
        return self.photo_aliases.get(photo_id, photo_id)

    @staticmethod
    def realias(aliases: dict[int, int], old: int, new: int) -> None:
        """Row ``old`` was re-created as ``new``: every id that meant ``old`` now means ``new``.
        (SQLite may hand out the same id again, so ``old == new`` is possible.)"""
        for key, value in list(aliases.items()):
            if value == old:
                aliases[key] = new
        aliases[old] = new
        for key in [k for k, v in aliases.items() if k == v]:
            del aliases[key]
