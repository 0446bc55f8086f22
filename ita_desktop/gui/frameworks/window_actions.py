"""The main window's framework actions: File → Import framework… (a file from the upper
office) and Report → Move to another framework version… (the open report, with a preview)."""

from __future__ import annotations

from ..i18n import _
from ..window_part import WindowPart


class FrameworkActions(WindowPart):
    def import_framework(self, path: str | None = None) -> None:
        from .import_dialog import FrameworkImportDialog, choose_framework_file

        if self.editor is not None:
            self.editor.flush()
        path = path or choose_framework_file(self)  # type: ignore[arg-type]
        if not path:
            return
        dialog = FrameworkImportDialog(self.session, path, self)  # type: ignore[arg-type]
        dialog.exec()
        dialog.deleteLater()

    def move_to_framework(self) -> None:
        if self.editor is None:
            return
        self.editor.flush()
        from .reframe_dialog import ReframeDialog

        report_id = self.editor.report_id
        dialog = ReframeDialog(self.session, report_id, self)  # type: ignore[arg-type]
        moved = dialog.exec() and dialog.result is not None
        result = dialog.result
        dialog.deleteLater()
        if moved and result is not None:
            self.open_report(report_id)  # the navigator follows the new framework's indicators
            self.statusBar().showMessage(  # type: ignore[attr-defined]
                _("The report is now on {framework}.").format(
                    framework=result.plan.new_framework), 10000)
