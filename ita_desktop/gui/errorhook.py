"""Uncaught exceptions in the window program: logged, then a short Thai message with the log.

``ita-desktop`` has no console on Windows, so without this an error in a slot or before the
window appears would vanish. PySide6 hands an exception raised in a slot to ``sys.excepthook``.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from ..core.base import crashlog
from .i18n import _
from .qt import QApplication, QMessageBox

_showing = False


def message(log: str) -> str:
    return _("Something went wrong. Work saved before this is kept.\n"
             "Please send this log file to IT staff:\n{log}").format(log=log)


def show(text: str) -> None:
    """The message box (replaced in tests)."""
    QMessageBox.critical(QApplication.activeWindow(), "ITA Desktop", text)


def hook(exc_type: type[BaseException], exc: BaseException,
         tb: TracebackType | None) -> None:
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log = crashlog.record(exc_type, exc, tb)
    if sys.stderr is not None:
        sys.__excepthook__(exc_type, exc, tb)
    # one box at a time: an error repeating in a paint event must not stack up dialogs
    if _showing or not isinstance(QApplication.instance(), QApplication):
        return
    if threading.current_thread() is not threading.main_thread():
        return  # widgets belong to the main thread; the log has it
    _showing = True
    try:
        show(message(str(log)))
    finally:
        _showing = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        hook(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    sys.excepthook = hook
    threading.excepthook = _thread_hook
