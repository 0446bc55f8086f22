"""The print path: the printer the preview offers, and what runs after the print dialog's OK.

``make_printer(name)`` is the QPrinter the dialog starts from (A4 landscape, full page).
``PrintJob.after_dialog(pdf, printer, page_count, current)`` reads the pages the user chose
in the dialog (None when the range holds none); ``job.run(progress)`` sends them to the printer
(on the PDF worker thread, page by page, each rasterised at the printer's resolution capped at
300 dpi by ``render_worker.print_pages``) and returns how many were sent; ``job.cancel.set()``
stops it after the page being sent. Nothing here touches a widget, so it can be driven
without the preview (tests with a PDF printer or a real one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..qt import QPageLayout, QPageSize, QPrinter
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

    @classmethod
    def after_dialog(cls, pdf: PdfPages, printer: QPrinter, page_count: int,
                     current: int) -> PrintJob | None:
        """The job the dialog's choices (range, current page, copies) ask for; None when the
        chosen range holds no page."""
        pages = selected_pages(printer, page_count, current)
        return cls(pdf, printer, pages) if pages else None

    def run(self, progress: Callable[[int, int], None]) -> int:
        """Send the pages (on the PDF thread); the number sent."""
        return print_pages(self.pdf, self.printer, self.pages, progress, self.cancel.is_set)
