"""The output side of the print preview: Save as PDF… and Print…, with the printing progress.

``PreviewOutput`` is a plain helper that the preview window (preview.py) owns and calls. It
makes the window's Save as PDF…, Print… and Cancel printing buttons and the page progress bar
(the window places them and says when they may be used, ``set_ready``), writes the PDF where
the user chooses (atomically, a refusal shown as a calm message), and runs the print dialog and
then the print job (``print_path.PrintJob``) on the window's ``JobRunner``. What it outputs it
asks the window for at the moment of the command (``shown()``: the PDF bytes, the open pages,
the page count and the page shown), so it keeps no copy of the preview's state; it reports
through the window's status line and asks the window to refresh its controls when printing ends.

Printing goes through the system's printers (QPrintDialog / QPrinter), A4 landscape by default;
each chosen page is rasterised at the printer's resolution capped at 300 dpi and painted onto
the printer page, so what comes out is exactly what the preview showed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...core.base.atomic import write_atomically
from ...core.base.errors import ItaError
from ..i18n import _
from ..jobs import Failure, JobRunner
from ..qt import (
    QAbstractPrintDialog,
    QFileDialog,
    QMessageBox,
    QPrintDialog,
    QPrinter,
    QProgressBar,
    QPushButton,
    QStandardPaths,
    QStyle,
    QWidget,
)
from .print_path import PrintJob, make_printer
from .render_worker import PdfPages

_last_save_dir: Path | None = None  # Save as PDF… opens where the last one went

ButtonFactory = Callable[..., QPushButton]  # (text, slot, icon=None): in the window's style


@dataclass(frozen=True)
class Shown:
    """The document the preview shows, as the output needs it."""

    pdf_bytes: bytes
    pages: PdfPages
    page_count: int
    current: int  # 0-based


class PreviewOutput:
    """Save and print what ``shown()`` returns (None while there is nothing to output)."""

    def __init__(self, window: QWidget, runner: JobRunner, suggested_name: str, *,
                 shown: Callable[[], Shown | None], button: ButtonFactory,
                 set_status: Callable[[str], None], changed: Callable[[], None]) -> None:
        self._window = window
        self._runner = runner
        self._suggested_name = suggested_name
        self._shown = shown
        self._set_status = set_status
        self._changed = changed  # the window refreshes its controls
        self._printer: QPrinter | None = None
        self._printing = False
        self._print_cancel = threading.Event()

        style = window.style()
        self.save_button = button(_("Save as PDF…"), self.save_pdf,
                                  style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_button.setToolTip(_("Save the report as a PDF file (Ctrl+S)"))
        self.print_button = button(_("Print…"), self.print_document)
        self.print_button.setToolTip(_("Print on a printer of this computer (Ctrl+P)"))
        self.progress = QProgressBar()
        self.progress.setFixedWidth(220)
        self.progress.setFormat(_("Page %v of %m"))
        self.progress.hide()
        self.cancel_button = button(_("Cancel printing"), self.cancel_printing)
        self.cancel_button.hide()

    @property
    def printing(self) -> bool:
        """True from the print dialog's OK until the last page is sent (or the job stops)."""
        return self._printing

    def set_ready(self, ready: bool) -> None:
        """Pages are shown (``ready``): saving may start, printing too unless it is running."""
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and not self._printing)

    # ------------------------------------------------------------------------------ save
    def save_pdf(self) -> bool:
        """Ask where to save the PDF and write it there atomically. True when saved."""
        global _last_save_dir
        shown = self._shown()
        if shown is None:
            return False
        folder = _last_save_dir or documents_dir()
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, _("Save as PDF"), str(folder / self._suggested_name),
            _("PDF files (*.pdf)"))
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, shown.pdf_bytes)
        except ItaError as exc:  # the output path refused (a missing folder, a device, …)
            self._warn(_("Could not save the PDF"), str(exc))
            return False
        except PermissionError:
            self._warn(_("Could not save the PDF"),
                       _("The file {name} could not be written. It may be open in another "
                         "program (close it there) or the folder may be read-only. Try again "
                         "or choose another name or folder.").format(name=path.name))
            return False
        except OSError as exc:
            self._warn(_("Could not save the PDF"),
                       _("The file {name} could not be written ({reason}). Try again or choose "
                         "another folder.").format(name=path.name, reason=exc.strerror or exc))
            return False
        _last_save_dir = path.parent
        self._set_status(_("Saved: {path}").format(path=str(path)))
        return True

    # ------------------------------------------------------------------------------ print
    def print_document(self) -> bool:
        """Show the print dialog and print the chosen pages (in the background). True when
        printing started."""
        shown = self._shown()
        if shown is None or self._printing:
            return False
        if self._printer is None:  # kept, so the user's choices (printer, copies) stay
            self._printer = make_printer(Path(self._suggested_name).stem)
        printer = self._printer
        dialog = QPrintDialog(printer, self._window)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, shown.page_count)
        options = QAbstractPrintDialog.PrintDialogOption
        for option in (options.PrintPageRange, options.PrintCurrentPage, options.PrintToFile,
                       options.PrintCollateCopies, options.PrintShowPageSize):
            dialog.setOption(option, True)
        if not dialog.exec():
            return False
        job = PrintJob.after_dialog(shown.pages, printer, shown.page_count, shown.current,
                                    shown.pdf_bytes)
        if job is None:
            self._set_status(_("No pages in the chosen range; nothing was printed."))
            return False
        self._printing = True
        self._print_cancel = job.cancel
        self.print_button.setEnabled(False)
        self.progress.setRange(0, len(job.pages))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._set_status(_("Printing…"))
        self._runner.submit(job.run, done=self._on_printed, failed=self._on_print_failed,
                            progress=self._on_print_progress, keep=True, first=True)
        return True

    def cancel_printing(self) -> None:
        """Stop sending pages; the pages already sent may still come out of the printer."""
        self._print_cancel.set()
        self._set_status(_("Cancelling…"))

    def _on_print_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_printed(self, sent: int) -> None:
        self._print_ended()
        if self._print_cancel.is_set():
            self._set_status(_("Printing cancelled."))
        else:
            self._set_status(_("Sent to the printer: {n} page(s).").format(n=sent))

    def _on_print_failed(self, failure: Failure) -> None:
        self._print_ended()
        self._set_status(_("Printing failed."))
        if failure.is_expected:
            assert isinstance(failure.error, ItaError)
            self._warn(_("Printing failed"), failure.error.text())
        else:
            self._warn(_("Printing failed"),
                       _("The printer did not accept the pages. Check that it is switched on "
                         "and has paper, then try again. Your report is safe."), failure.details)

    def _print_ended(self) -> None:
        self._printing = False
        self.progress.hide()
        self.cancel_button.hide()
        self._changed()

    # ------------------------------------------------------------------------------ misc
    def _warn(self, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self._window)
        if details:
            box.setDetailedText(details)
        box.exec()


def documents_dir() -> Path:
    """The user's Documents folder (home when there is none): where a first save is offered."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(folder) if folder else Path.home()
    return path if path.is_dir() else Path.home()

