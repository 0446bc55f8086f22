"""The main window's package actions: export the open report (package or table), import
packages (menu, or .itapkg files dropped on the window), replaced versions, consolidation."""

from __future__ import annotations

from ..qt import QDragEnterEvent, QDropEvent
from ..window_part import WindowPart


class PackageActions(WindowPart):
    def export(self) -> None:
        """The package to send upward, or a table for Excel (gui/packages/export_dialog.py)."""
        if self.editor is None:
            return
        self.editor.flush()
        from .export_dialog import export_report

        export_report(self, self.session, self.editor.report_id)

    @staticmethod
    def _package_files(event: QDragEnterEvent | QDropEvent,
                       suffixes: tuple[str, ...] = (".itapkg", ".itaform")) -> list[str]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [u.toLocalFile() for u in urls
                if u.isLocalFile() and u.toLocalFile().lower().endswith(suffixes)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._package_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Report packages go to the import; a framework file (.itaform) from the upper office
        to File → Import framework… (gui/frameworks/)."""
        files = self._package_files(event, (".itapkg",))
        frameworks = self._package_files(event, (".itaform",))
        if files or frameworks:
            event.acceptProposedAction()
        if files:
            self.import_packages(files)
        for path in frameworks:
            self.import_framework(path)  # type: ignore[attr-defined]

    def import_packages(self, files: list[str] | None = None) -> None:
        from .import_dialog import ImportDialog

        if self.editor is not None:
            self.editor.flush()
        dialog = ImportDialog(self.session, self, files) if files else \
            ImportDialog(self.session, self)
        dialog.open_requested.connect(self.open_report)
        dialog.exec()
        dialog.deleteLater()

    def show_revisions(self) -> None:
        """Replaced versions of the open report (of every report from the report list)."""
        from .revisions_dialog import RevisionsDialog

        if self.editor is not None:
            self.editor.flush()
        report_id = self.editor.report_id if self.editor is not None and \
            self.pages.currentWidget() is self.editor else None
        dialog = RevisionsDialog(self.session, report_id, self)
        dialog.restored.connect(self.open_report)
        dialog.exec()
        dialog.deleteLater()

    def consolidate(self) -> None:
        from .consolidation import ConsolidationWindow

        window, session = getattr(self, "_consolidation", (None, None))
        if window is None or session is not self.session:  # one window per database
            window = ConsolidationWindow(self.session, parent=self)
            window.open_requested.connect(self.open_report)
            self._consolidation = (window, self.session)
        window.show()
        window.raise_()

