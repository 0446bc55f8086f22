"""What a ``Session`` gives the parts it is made of (``session_photos.py``,
``session_copies.py``): the names they may use, for the type checker only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.store import Store
    from ..core.store.backup import AutoBackup
    from ..core.store.store import Change
    from .undo_stack import Operation, UndoStack


class SessionPart:
    store: Store
    _history: UndoStack
    auto_backup: AutoBackup

    if TYPE_CHECKING:
        def entry_id(self, entry_id: int) -> int: ...
        def photo_id(self, photo_id: int) -> int: ...
        def clear_undo(self) -> None: ...
        def _push(self, op: Operation) -> None: ...
        def _emit(self, changes: list[Change] | Change) -> None: ...
