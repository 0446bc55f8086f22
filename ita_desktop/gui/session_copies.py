"""The session's kept copies of the data: backups of the database (gui/database/backups.py),
a report restored from one, and the replaced reports kept when a package replaced them."""

from __future__ import annotations

from pathlib import Path

from ..core.store.store import Change
from .session_part import SessionPart


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

    def restore_report_from(self, backup: Path, report_uuid: str) -> int:
        """One report back from a backup (the current state is backed up first); the undo
        history no longer applies to it."""
        from ..core.store.backup import restore_report

        report_id = restore_report(self.store, backup, report_uuid)
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

