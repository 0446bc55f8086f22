"""What the main window gives the parts it is made of (``database/window_actions.py``,
``packages/window_actions.py``): the names they may use, for the type checker only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .qt import QStackedWidget
    from .session import Session
    from .settings import Settings


class WindowPart:
    session: Session
    settings: Settings
    editor: Any  # the open ReportEditor or None (gui/editor imports the action rooms: no type)
    pages: QStackedWidget
    _consolidation: tuple[Any, Any]

    if TYPE_CHECKING:
        def close_report(self) -> None: ...
        def show_start(self) -> None: ...
        def open_report(self, report_id: int) -> None: ...
        def _disconnect(self) -> None: ...
        def _build(self, report_id: int | None = None) -> None: ...
