"""A long database job (a backup before finalising, a copy, a restore) off the GUI thread, with
a busy dialog in front of the window until it is over.

``run_busy(parent, title, label, work)`` runs ``work(cancel)`` on the database thread
(``jobs.store_pool``) and returns its result to the caller once it is done, like a plain call,
while the event loop keeps running: the window repaints, the busy bar moves, the clerk can press
Cancel. The work gets a ``threading.Event`` that Cancel sets; a backup asks it between its
steps and stops there, its unfinished file removed (``core.store.backup.BackupCancelled``).

The dialog is modal, so the clerk cannot edit, start another job or close the window meanwhile.
The work never touches a widget and uses only its own database connection (a connection serves
only the thread that opened it). Results reach the caller through ``jobs.JobRunner``: once the
dialog is gone (cancelled, the window closed), a late result is dropped, never delivered to a
deleted widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..core.store.backup import BackupCancelled
from .i18n import _
from .jobs import Failure, JobRunner, store_pool
from .qt import QCloseEvent, QEventLoop, QKeyEvent, QProgressDialog, Qt, QWidget

T = TypeVar("T")


class Cancelled(Exception):
    """The clerk pressed Cancel: the job's result (if any comes) is dropped."""


class BusyDialog(QProgressDialog):
    """A busy bar with the job's name, and Cancel when stopping is safe. Without Cancel, Esc and
    the close button do nothing (the job must finish)."""

    def __init__(self, title: str, label: str, cancellable: bool, parent: QWidget | None):
        super().__init__(label, _("Cancel"), 0, 0, parent)
        self.setObjectName("busy-dialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(max(420, self.fontMetrics().averageCharWidth() * 60))
        self.cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)

    def reject(self) -> None:  # Esc: the same as Cancel (a plain reject would only hide it)
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and not self.cancellable:
            event.accept()
            return
        super().keyPressEvent(event)


def backup_label() -> str:
    return _("Making a backup of the database first…\n"
             "The window stays usable; with many photos this takes a while.")


def after_backup(parent: QWidget | None, session: Any, reason: str, title: str,
                 operation: Callable[[], T]) -> T:
    """``operation`` (a risky one: finalise, reopen, carry forward, delete) after the backup
    it makes first, that backup made on the database thread with the busy dialog in front.
    Raises what the backup or the operation raised (their Thai messages), or ``Cancelled``
    (then nothing was done)."""
    work = session.backup_work(reason)
    if work is None:  # no backup due (in memory, read-only): as before
        return operation()
    run_busy(parent, title, backup_label(), work, threaded=session.threaded)
    with session.backed_up():
        return operation()


def run_busy(parent: QWidget | None, title: str, label: str,
             work: Callable[[threading.Event], T], *, cancellable: bool = True,
             threaded: bool = True) -> T:
    """``work(cancel)`` on the database thread, a modal busy dialog meanwhile; its result, or
    what it raised (raised again here, on the GUI thread). Cancel raises ``Cancelled`` at once;
    the work is told (``cancel`` is set) and its late result dropped. ``threaded=False`` (an
    in-memory database): the work runs here and now."""
    cancel = threading.Event()
    if not threaded:
        try:
            return work(cancel)
        except BackupCancelled:
            raise Cancelled from None
    dialog = BusyDialog(title, label, cancellable, parent)
    runner = JobRunner(dialog, store_pool())
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finish(kind: str, value: object) -> None:
        outcome.setdefault(kind, value)
        loop.quit()

    def on_cancel() -> None:
        cancel.set()
        finish("cancelled", None)

    dialog.canceled.connect(on_cancel)
    runner.submit(lambda _progress: work(cancel), done=lambda result: finish("done", result),
                  failed=lambda failure: finish("failed", failure))
    dialog.show()
    try:
        if not outcome:
            loop.exec()
    finally:
        runner.detach()  # from now on, whatever the worker still sends is dropped
        if "done" not in outcome and "failed" not in outcome:
            cancel.set()  # the loop ended otherwise (the application quits): stop the work
        dialog.canceled.disconnect(on_cancel)
        dialog.hide()
        dialog.deleteLater()
    if "cancelled" in outcome:
        raise Cancelled
    if "failed" in outcome:
        failure: Failure = outcome["failed"]
        if isinstance(failure.error, BackupCancelled):
            raise Cancelled
        raise failure.error
    return outcome["done"]  # type: ignore[no-any-return]

