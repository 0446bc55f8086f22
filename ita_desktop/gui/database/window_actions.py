"""The main window's database actions (File menu): open or create another database, save a
copy, restore from a backup (one report or the whole file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...core.base.errors import ItaError
from ...core.store.store import Store
from ..i18n import _
from ..qt import QFileDialog, QMessageBox
from ..window_part import WindowPart

if TYPE_CHECKING:
    from ..session import Session
from .store_trouble import open_store


class DatabaseActions(WindowPart):
    def open_other_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Open or create a database"), str(Path(self.session.path).parent),
            _("ITA Desktop database") + " (*.sqlite *.db);;" + _("All files") + " (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.switch_database(path)

    def switch_database(self, path: str, store: Store | None = None) -> bool:
        """Open ``path`` (or take ``store``, already opened) in place of the current database."""
        if store is None:
            if self.session.store.path is not None and Path(path).resolve() == \
                    Path(self.session.store.path).resolve():
                return True  # already open here (a second open would meet our own lock)
            store = open_store(path, self)  # one writer; damaged: the backup offered
        if store is None:
            return False
        self.close_report()
        window, _session = getattr(self, "_consolidation", (None, None))
        if window is not None:
            window.close()  # it works on the database being closed
            self._consolidation = (None, None)
        self._disconnect()
        old = self.session
        self.session = _session_of(store)
        old.close()
        self.settings.last_db = str(path)
        self._build()
        return True

    def save_copy(self) -> None:
        from .backups import save_copy

        if self.editor is not None:
            self.editor.flush()
        save_copy(self, self.session)

    def show_backups(self) -> None:
        from .backups import RestoreDialog

        if self.editor is not None:
            self.editor.flush()
        self.close_report()  # a restored report gets a new id: nothing may hold the old one
        self.show_start()
        dialog = RestoreDialog(self.session, self)
        dialog.exec()
        if dialog.restored_whole is not None:
            self.restore_whole_database(dialog.restored_whole)

    def restore_whole_database(self, backup: Path) -> bool:
        """Close the database, replace it with ``backup`` (backing it up first), reopen it."""
        from ...core.store.backup import restore_database

        path = self.session.store.path
        if path is None:
            return False
        folder = self.session.backup_folder()
        self.close_report()
        self.session.close()  # nothing of ours may hold the file while it is replaced
        from ..busy import run_busy

        try:  # on the database thread: checks the backup, backs up the current state, copies
            run_busy(self, _("Restore the whole database"),
                     _("Restoring the database from the backup…"),
                     lambda _cancel: restore_database(path, backup, folder), cancellable=False)
        except ItaError as exc:
            QMessageBox.warning(self, _("Restore the whole database"), exc.message)
        store = open_store(str(path), self)  # ours closed above: open it again, as its writer
        if store is None:
            return False
        return self.switch_database(str(path), store)



def _session_of(store: Store) -> Session:
    from ..session import Session

    return Session(store)
