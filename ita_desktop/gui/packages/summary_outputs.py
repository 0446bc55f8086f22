"""What the consolidation window makes of a summary: the Excel workbook, the consolidated PDF
(summary table, then each office's printed report; built on the worker thread) and its print
preview. The window keeps the buttons; this keeps the saving, the PDF job and what it says."""

from __future__ import annotations

from ...core.base.errors import ItaError
from ...core.package.consolidate import FileResult, Summary
from ..i18n import _
from ..jobs import Failure, JobRunner
from ..qt import QObject, Qt, QWidget, Signal
from .package_jobs import DbRef, consolidated_pdf, run_for_db, summary_workbook
from .package_widgets import choose_save_path, failure_text, warn, write_file


class SummaryOutputs(QObject):
    message = Signal(str)          # a line for the window's message area ("" clears it)
    pdf_started = Signal(int)      # offices to print: the window shows its progress bar
    pdf_progress = Signal(int, int)
    pdf_finished = Signal()

    def __init__(self, window: QWidget, db: DbRef, runner: JobRunner):
        super().__init__(window)  # the window is our Qt parent: no Python reference to it
        self._db = db
        self._runner = runner
        self.pdf_busy = False
        self.preview_dialog: QWidget | None = None

    @property
    def _window(self) -> QWidget:
        return self.parent()  # type: ignore[return-value]

    def export_xlsx(self, summary: Summary, last_import: list[FileResult] | None,
                    stem: str) -> None:
        path = choose_save_path(self._window, "consolidate-xlsx", _("Export to Excel"),
                                f"{stem}.xlsx", _("Excel workbooks (*.xlsx)"), ".xlsx")
        if path is None:
            return
        try:
            data = summary_workbook(summary, last_import)
        except ItaError as exc:
            warn(self._window, _("The workbook could not be made"), exc.text())
            return
        if write_file(self._window, "consolidate-xlsx", path, data):
            self.message.emit(_("Saved: {path}").format(path=str(path)))

    def save_pdf(self, summary: Summary, stem: str) -> None:
        if self.pdf_busy:
            return
        path = choose_save_path(self._window, "consolidate-pdf", _("Save consolidated PDF"),
                                f"{stem}.pdf", _("PDF files (*.pdf)"), ".pdf")
        if path is None:
            return
        db = self._db
        self.pdf_busy = True
        self.pdf_started.emit(len([o for o in summary.sent if o.report_id is not None]))
        self.message.emit(_("Preparing the consolidated PDF…"))

        def done(data: bytes) -> None:
            self._finished()
            if write_file(self._window, "consolidate-pdf", path, data):
                self.message.emit(_("Saved: {path}").format(path=str(path)))

        def failed(failure: Failure) -> None:
            self._finished()
            text, details = failure_text(failure)
            self.message.emit("")
            warn(self._window, _("The consolidated PDF could not be made"), text, details)

        run_for_db(db, self._runner, lambda progress: consolidated_pdf(db, summary, progress),
                   done, failed, progress=self.pdf_progress.emit)

    def preview_pdf(self, summary: Summary, stem: str) -> None:
        """Open the print preview of the consolidated PDF (built by the preview's worker)."""
        from ..printing.preview import PreviewDialog

        db = self._db
        if db.threaded:
            def render() -> bytes:
                return consolidated_pdf(db, summary)
        else:
            data = consolidated_pdf(db, summary)

            def render() -> bytes:
                return data
        dialog = PreviewDialog(render, f"{stem}.pdf", self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.preview_dialog = dialog
        dialog.open()

    def _finished(self) -> None:
        self.pdf_busy = False
        self.pdf_finished.emit()
