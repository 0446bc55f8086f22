"""The print path: the printer the preview offers, and what runs after the print dialog's OK.

``make_printer(name)`` is the QPrinter the dialog starts from (A4 landscape, full page).
``PrintJob.after_dialog(pdf, printer, page_count, current, data)`` reads the pages the user
chose in the dialog (None when the range holds none); ``job.run(progress)`` sends them to the
printer on the PDF worker thread and returns how many were sent. Two routes:

- a CUPS queue (Linux, macOS): the report's PDF itself goes to ``lp`` with the dialog's
  options (``cups_route.py``; small jobs, vector text, a real cancel);
- otherwise (Windows' spooler, Qt's print-to-file): page by page, each rasterised at the
  printer's resolution capped at 300 dpi by ``render_worker.print_pages``;
  ``job.cancel.set()`` stops it after the page being sent.

Nothing here touches a widget, so it can be driven without the preview (tests with a PDF
printer or a real one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ...core.base.crashlog import logger
from ..qt import QPageLayout, QPageSize, QPrinter
from . import cups_route
from .queue_state import check_printer
from .render_worker import PdfPages, print_pages, selected_pages


def make_printer(doc_name: str) -> QPrinter:
    """A4 landscape by default, full page (the PDF pages carry their own margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)  # see render_worker.print_pages
    printer.setDocName(doc_name)
    return printer


@dataclass
class PrintJob:
    """The chosen pages of an open PDF, on their way to ``printer``."""

    pdf: PdfPages
    printer: QPrinter
    pages: list[int]
    cancel: threading.Event = field(default_factory=threading.Event)
    data: bytes = b""  # the PDF's bytes: what the CUPS route sends
    job_id: str | None = None  # the CUPS job, once sent that way

    @classmethod
    def after_dialog(cls, pdf: PdfPages, printer: QPrinter, page_count: int,
                     current: int, data: bytes = b"") -> PrintJob | None:
        """The job the dialog's choices (range, current page, copies) ask for; None when the
        chosen range holds no page."""
        pages = selected_pages(printer, page_count, current)
        return cls(pdf, printer, pages, data=data) if pages else None

    def run(self, progress: Callable[[int, int], None]) -> int:
        """Send the pages (on the PDF thread); the number sent (0: cancelled in time)."""
        cups = bool(self.data) and cups_route.available(self.printer)
        # for IT staff: which printer the dialog's OK chose, and how the pages went there
        logger.info("print: %d page(s) to %r (%s)", len(self.pages),
                    self.printer.outputFileName() or self.printer.printerName(),
                    "PDF to CUPS" if cups else "raster")
        if cups:
            check_printer(self.printer)
            progress(0, len(self.pages))
            self.job_id = cups_route.submit(self.data, self.printer, self.pages,
                                            len(self.pdf), self.cancel.is_set)
            if self.job_id is None or not cups_route.wait(
                    self.job_id, self.printer.printerName(), self.cancel.is_set):
                return 0
            progress(len(self.pages), len(self.pages))
            return len(self.pages)
        return print_pages(self.pdf, self.printer, self.pages, progress, self.cancel.is_set)
