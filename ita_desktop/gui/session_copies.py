"""The session's kept copies of the data: backups of the database (gui/database/backups.py),
a report restored from one, and the replaced reports kept when a package replaced them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..core.store.store import Change, Store
from .session_part import SessionPart

T = TypeVar("T")
Work = Callable[[threading.Event], T]  # run on the database thread; the event: cancel


class KeptCopies(SessionPart):
    @property
    def damaged(self) -> list[str] | None:
        """The problems found when a damaged database was opened read-only, else None."""
        return self.store.damage

    def backup_folder(self) -> Path:
        return self.auto_backup.settings.backup_dir()

    def set_backup_folder(self, folder: str | None) -> None:
        self.auto_backup.settings.folder = folder
        self.auto_backup.settings.save()

    def backups(self) -> list:
        from ..core.store.backup import list_backups

        return list_backups(self.backup_folder(), self.store.path)

    def backup_now(self) -> object:
        from ..core.store.backup import create_backup

        return create_backup(self.store, self.backup_folder(), "manual")

    def save_copy(self, target: Path) -> None:
        from ..core.store.backup import save_copy

        save_copy(self.store, target)

    # ------------------------------------------------------------------ off the GUI thread
    @property
    def threaded(self) -> bool:
        """Long jobs can run on the database thread: there is a file to open again there
        (an in-memory database serves only the thread that made it)."""
        return self.store.path is not None

    def _on_own_connection(self, job: Callable[[Store, threading.Event], T]) -> Work[T]:
        """``job(store, cancel)`` as work for the database thread, on a read-only connection
        of its own (in memory: the window's own, and ``threaded`` is False)."""
        path, damage = self.store.path, self.store.damage
        if path is None:
            return lambda cancel: job(self.store, cancel)

        def work(cancel: threading.Event) -> T:
            from ..core.store.integrity import DamagedDatabaseError

            if damage is not None:  # refused as on the window's connection, nothing read
                raise DamagedDatabaseError(path, damage)
            with Store.open_read_only(path) as own:
                return job(own, cancel)

        return work

    def backup_work(self, reason: str) -> Work[object] | None:
        """The backup that a risky operation (``reason``: finalise, reopen, carry, delete…)
        makes first, as work for the database thread; then run the operation inside
        ``backed_up()``. None when no backup is due (in memory, or read-only: the operation is
        refused anyway): run the operation as it is."""
        if self.store.auto_backup is None or self.store.read_only:
            return None
        auto = self.auto_backup
        return lambda cancel: auto.on_own_connection(reason, cancel.is_set)

    @contextmanager
    def backed_up(self) -> Iterator[None]:
        """The backup before the operation inside was just made by ``backup_work``."""
        with self.store.backed_up():
            yield

    def backup_now_work(self) -> Work[object]:
        from ..core.store.backup import create_backup

        folder = self.backup_folder()
        return self._on_own_connection(
            lambda own, cancel: create_backup(own, folder, "manual", cancel.is_set))

    def save_copy_work(self, target: Path) -> Work[None]:
        from ..core.store.backup import save_copy

        return self._on_own_connection(lambda own, cancel: save_copy(own, target, cancel.is_set))

    def restore_report_from(self, backup: Path, report_uuid: str) -> int:
        """One report back from a backup (the current state is backed up first); the undo
        history no longer applies to it."""
        from ..core.store.backup import restore_report

        report_id = restore_report(self.store, backup, report_uuid)
        self.clear_undo()
        self._emit(Change("report-created", report_id))
        return report_id

    def restore_report_work(self, backup: Path, report_uuid: str) -> Work[tuple]:
        """The slow half of ``restore_report_from`` for the database thread: the backup
        checked and the report read from it, the current state backed up; then
        ``put_report_back`` with the result."""
        from ..core.store.backup import read_saved_report

        make_backup = self.backup_work("restore")

        def work(cancel: threading.Event) -> tuple:
            saved = read_saved_report(backup, report_uuid)
            if make_backup is not None:
                make_backup(cancel)
            return saved

        return work

    def put_report_back(self, saved: tuple) -> int:
        from ..core.store.backup import put_back

        with self.backed_up():  # made by restore_report_work
            report_id = put_back(self.store, *saved)
        self.clear_undo()
        self._emit(Change("report-created", report_id))
        return report_id

    # ------------------------------------------------------------------ replaced reports
    def revisions(self, report_id: int | None = None) -> list:
        """Replaced reports (``core.revisions.Revision``) of one report, or all."""
        from ..core.workflow import revisions

        return revisions.history(self.store, report_id)

    def revision_diff(self, history_id: int) -> list:
        """What changed from a replaced report to the one in its place (``Difference``s);
        empty when nothing is in its place any more."""
        from ..core.workflow import revisions

        revision = revisions.get_revision(self.store, history_id)
        current = revisions.current_of(self.store, revision)
        if current is None:
            return []
        return revisions.diff_reports(revisions.revision_report(self.store, history_id),
                                      self.store.get_report(current))

    def restore_revision(self, history_id: int) -> int:
        """Put a replaced report back (the one in its place goes to the history); its id."""
        from ..core.workflow import revisions

        change = revisions.restore(self.store, history_id)
        self._emit([*(Change("report-deleted", old) for old in change.ids), change])
        return change.report_id

