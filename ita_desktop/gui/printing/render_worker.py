"""PDF work for preview and print: opening the PDF, rasterising pages, printing.

Rules kept here so the dialogs stay simple:

* Every PDFium call of the app runs on the one PDF thread (``jobs.pdf_pool``), in order, and
  also under ``PDFIUM_LOCK``: PDFium is not thread-safe. Jobs are submitted through a
  ``jobs.JobRunner`` (see jobs.py for the lifetime rules that keep Qt objects off that thread).
* ``PdfPages`` wraps one open PDF; create, use and close it only inside jobs. One that is let go
  unclosed hands its document to the PDF thread to be closed there (``__del__``), so a
  finaliser never closes a PDFium document on the GUI thread.
* Printing rasterises each page with PDFium at the printer's resolution, capped at
  ``MAX_PRINT_DPI`` (old printers and PCs run out of memory with 600/1200 dpi bitmaps), and
  paints it with QPainter onto the printer (QPainter on a QPrinter is allowed off the GUI thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium

from ...core.base.errors import ItaError
from ..jobs import Job, pdf_pool
from ..qt import QImage, QPageLayout, QPainter, QPrinter, QRectF
from .queue_state import check_printer

PDFIUM_LOCK = threading.RLock()
MAX_PRINT_DPI = 300
POINTS_PER_INCH = 72.0

Progress = Callable[[int, int], None]

# ---------------------------------------------------------------------------------- PDF
class PdfPages:
    """One open PDF. Use only inside jobs (the PDF thread)."""

    def __init__(self, data: bytes):
        with PDFIUM_LOCK:
            self._doc = pdfium.PdfDocument(data)
            self.sizes: list[tuple[float, float]] = []  # points, as shown (rotation applied)
            for index in range(len(self._doc)):
                page = self._doc[index]
                try:
                    width, height = page.get_size()
                    if page.get_rotation() in (90, 270):
                        width, height = height, width
                    self.sizes.append((width, height))
                finally:
                    page.close()
        self._closed = False

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float, *, rotation: int = 0,
               grayscale: bool = False) -> QImage:
        """Page ``index`` (0-based) at ``scale`` pixels per point, as a QImage of its own."""
        with self.rendered(index, scale, rotation=rotation, grayscale=grayscale) as image:
            return image.copy()

    @contextmanager
    def rendered(self, index: int, scale: float, *, rotation: int = 0,
                 grayscale: bool = False) -> Iterator[QImage]:
        """Page ``index`` as a QImage over PDFium's own buffer, valid inside the ``with`` only;
        never hand it to anything that may keep it (copy it)."""
        with PDFIUM_LOCK:
            if self._closed:
                raise RuntimeError("PDF closed")
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, rotation=rotation, grayscale=grayscale,
                                     rev_byteorder=True,
                                     optimize_mode="print" if grayscale else None)
            finally:
                page.close()
            try:
                fmt = {"RGB": QImage.Format.Format_RGB888, "L": QImage.Format.Format_Grayscale8,
                       "RGBX": QImage.Format.Format_RGBX8888,
                       "RGBA": QImage.Format.Format_RGBA8888}[bitmap.mode]
                yield QImage(memoryview(bitmap.buffer), bitmap.width, bitmap.height,
                             bitmap.stride, fmt)
            finally:
                bitmap.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            if not self._closed:
                self._closed = True
                self._doc.close()

    def __del__(self) -> None:
        # Let go without close() (a dialog destroyed mid-render): close on the PDF thread, never
        # here, which may be the GUI thread.
        if getattr(self, "_closed", True):
            return
        self._closed = True
        doc = self._doc
        try:
            pdf_pool().start(Job(lambda _progress: _close_document(doc)), -1)
        except RuntimeError:  # the application is gone (interpreter exit): nothing runs anymore
            pass


def _close_document(doc: pdfium.PdfDocument) -> None:
    with PDFIUM_LOCK:
        doc.close()


def close_pages_in(result: Any) -> None:
    """``dispose`` for a job whose result holds ``PdfPages`` (runs on the PDF thread)."""
    items = result if isinstance(result, tuple | list) else (result,)
    for item in items:
        if isinstance(item, PdfPages):
            item.close()


def open_pdf(data: bytes) -> PdfPages:
    """Open PDF bytes; a file PDFium cannot read raises ValueError with the reason."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise ValueError(f"render() returned {type(data).__name__} of length "
                         f"{len(data) if hasattr(data, '__len__') else '?'}, not PDF bytes")
    try:
        return PdfPages(bytes(data))
    except pdfium.PdfiumError as exc:
        raise ValueError(f"PDFium cannot open the PDF: {exc}") from exc


# ---------------------------------------------------------------------------------- print
def selected_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The 0-based pages the user chose in the print dialog, in printing order."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        pages = [current] if 0 <= current < count else []
    elif mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [n for n in range(count) if ranges.contains(n + 1)]
        else:
            first = max(printer.fromPage(), 1)
            last = printer.toPage() or count
            pages = list(range(first - 1, min(last, count)))
    else:
        pages = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def print_dpi(printer: QPrinter) -> int:
    return max(72, min(printer.resolution(), MAX_PRINT_DPI))


def print_pages(pdf: PdfPages, printer: QPrinter, pages: list[int],
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """Paint ``pages`` (0-based) of ``pdf`` onto ``printer``; returns the pages sent.

    A page that fits on the paper is printed at its real size, centred: the report's own
    margins are made to lie inside every office printer's printable area, so nothing is
    shrunk. A page larger than the paper (A4 on Letter) is scaled down to the printable area.
    A page is turned a quarter when it and the paper differ in orientation (a landscape report
    on portrait paper). Pages are rasterised at the printer's resolution capped at
    ``MAX_PRINT_DPI``, in grey when the user chose grey-scale.
    """
    if not pages:
        return 0
    check_printer(printer)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies > 1 and printer.collateCopies():
        sequence = pages * copies
    else:
        sequence = [p for p in pages for _ in range(copies)]
    grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
    dpi = print_dpi(printer)
    device_dpi = printer.resolution()
    printer.setFullPage(True)  # painter origin at the paper's corner
    layout = printer.pageLayout()
    paper = layout.fullRectPixels(device_dpi)
    printable_layout = QPageLayout(layout)
    printable_layout.setMargins(layout.minimumMargins())
    printable = printable_layout.paintRectPixels(device_dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise ItaError("เริ่มพิมพ์ไม่ได้ — ตรวจว่าเครื่องพิมพ์เปิดอยู่ มีกระดาษ และเลือกเครื่องพิมพ์ถูกต้อง",
                       english="QPainter.begin(printer) failed")
    sent = 0
    try:
        for n, index in enumerate(sequence):
            if cancelled is not None and cancelled():
                printer.abort()
                break
            if n:
                printer.newPage()
            width_pt, height_pt = pdf.sizes[index]
            rotation = 90 if (width_pt > height_pt) != (paper.width() > paper.height()) else 0
            if rotation:
                width_pt, height_pt = height_pt, width_pt
            real_w = width_pt / POINTS_PER_INCH * device_dpi
            real_h = height_pt / POINTS_PER_INCH * device_dpi
            if real_w <= paper.width() * 1.002 and real_h <= paper.height() * 1.002:
                area, scale = paper, 1.0
            else:
                area = printable
                scale = min(area.width() / real_w, area.height() / real_h)
            target_w, target_h = real_w * scale, real_h * scale
            x = area.x() + (area.width() - target_w) / 2
            y = area.y() + (area.height() - target_h) / 2
            # a QImage of its own: print engines may keep the image after drawImage returns
            image = pdf.render(index, dpi / POINTS_PER_INCH * scale, rotation=rotation,
                               grayscale=grayscale)
            painter.drawImage(QRectF(x, y, target_w, target_h), image)
            del image
            sent += 1
            if progress is not None:
                progress(sent, len(sequence))
    finally:
        painter.end()
    return sent
