"""Words for a write that failed (disk full, read-only, locked, no permission) and the
status-bar notice that stays until writes work again.

The core says what happened and how to fix it (``core/store/failures.py``, Thai with English);
the window adds that the edit is still on screen and is saved as soon as it can be, and, while
another program holds the database, shows "waiting for the database" with the time waited
until ``BUSY_NOTICE_SECONDS``, then the clear message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ...core.base.errors import ItaError
from ...core.store import Store
from ...core.store.failures import (
    DatabaseBusyError,
    PermissionDeniedError,
    ReadOnlyStoreError,
    StoreFailure,
    busy,
    classify,
)
from ...core.store.integrity import DamagedDatabaseError
from ...core.store.lock import DatabaseInUseError
from .. import i18n
from ..i18n import _
from ..qt import QLabel, QMessageBox, QSizePolicy, QWidget
from ..session import Session

RETRY_MS = 2000  # a failed save is tried again this often (the text stays on screen)
BUSY_NOTICE_SECONDS = 30.0  # "waiting for the database" this long, then the clear message


def _cause(exc: BaseException) -> str:
    err = classify(exc) if isinstance(exc, sqlite3.Error | OSError) else exc
    english = getattr(err, "english", None)
    if i18n.language() != "th" and english:
        return str(english)
    return str(getattr(err, "message", err))


def not_saved_text(exc: BaseException, seconds: float = 0.0) -> str:
    """Under a field whose save failed (``seconds``: how long writes have been failing)."""
    if isinstance(exc, DatabaseBusyError):
        if seconds < BUSY_NOTICE_SECONDS:
            return status_text(exc, seconds)
        exc = busy(exc.where, seconds)  # the clear message, with the whole time waited
    return _("Not saved yet: {cause} Your text stays here and is saved as soon as possible."
             ).format(cause=_cause(exc))


def status_text(exc: StoreFailure, seconds: float) -> str:
    """The status bar while writes fail."""
    if isinstance(exc, DatabaseBusyError) and seconds >= BUSY_NOTICE_SECONDS:
        exc = busy(exc.where, seconds)  # the clear message, with the whole time waited
    elif isinstance(exc, DatabaseBusyError):
        return _("Waiting for the database (another program is using it, {seconds} s)… "
                 "Your edits are kept and saved as soon as it is free.").format(
            seconds=int(seconds))
    return _("Not saved: {cause} Your edits stay on screen and are saved as soon as "
             "possible.").format(cause=_cause(exc))


def read_only_text(session: Session) -> str:
    """Why this window cannot change anything (the second copy of the app, a read-only file)."""
    holder = session.store.holder()
    if holder is not None:
        return _("Opened read-only: this database is being edited by user “{user}” on "
                 "computer “{machine}” since {since}. Nothing you do here is saved; close "
                 "the app there and open the database again to edit.").format(
            user=holder.user, machine=holder.machine, since=holder.since_local())
    return _("Opened read-only: the database file cannot be written (read-only file, folder "
             "or drive, or no permission). Nothing you do here is saved; copy the file to "
             "this computer or ask for write access to edit.")


class TroubleLabel(QLabel):
    """A red notice in the status bar; hidden while writes work."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # one line (a wrapped label makes the status bar grow tall); the full text is the
        # tooltip, and the field concerned shows it whole too
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setStyleSheet("background: #fde2e1; color: #8b0000; border: 1px solid #d9534f; "
                           "padding: 3px 6px;")
        self.setAccessibleName(_("Saving problem"))
        self.hide()

    def show_trouble(self, exc: StoreFailure | None, seconds: float) -> None:
        if exc is None:
            self.clear()
            self.hide()
            return
        text = status_text(exc, seconds)
        self.setText(text)
        self.setToolTip(text)
        self.show()
        self.repaint()  # visible at once, even while the next write is being tried


AskReadOnly = Callable[[StoreFailure], bool]


def ask_read_only(parent: QWidget | None) -> AskReadOnly:
    """Ask the clerk whether to open read-only; the message names who holds the database."""
    def ask(exc: StoreFailure) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Database in use"),
                          _cause(exc) + "\n\n" + _("Open it read-only (look and print, "
                                                   "no changes)?"),
                          QMessageBox.StandardButton.NoButton, parent)
        read = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read)
        box.exec()
        return box.clickedButton() is read
    return ask


def open_store(path: str, parent: QWidget | None = None, ask: AskReadOnly | None = None
               ) -> Store | None:
    """The database as its one writer; when another copy edits it (or it cannot be written),
    read-only if the clerk agrees; None when not opened (a message has been shown)."""
    ask = ask or ask_read_only(parent)
    try:
        return Store.open(path, writer=True)
    except DamagedDatabaseError as exc:  # say so, offer the newest good backup or read-only
        from .backups import open_damaged

        return open_damaged(parent, exc)
    except (DatabaseInUseError, ReadOnlyStoreError, PermissionDeniedError) as exc:
        if not ask(exc):
            return None
        try:
            store = Store.open(path, read_only=True)
        except ItaError as again:
            QMessageBox.warning(parent, _("Open database"), _cause(again))
            return None
        store.read_only_reason = ReadOnlyStoreError(exc.message, where=exc.where,
                                                    english=exc.english)
        return store
    except ItaError as exc:
        QMessageBox.warning(parent, _("Open database"), _cause(exc))
        return None
