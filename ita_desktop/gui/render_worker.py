"""Background work for preview and print: building the PDF, rasterising pages, printing.

Rules kept here so the dialogs stay simple:

* Work runs on one dedicated single-thread ``QThreadPool`` (``pdf_pool``): PDFium is not
  thread-safe, so every PDFium call of the app happens on that one thread, in order, and
  additionally under ``PDFIUM_LOCK`` (for anything else that might call PDFium).
* A ``Job`` reports back only through Qt signals (queued to the GUI thread); it never touches a
  widget. A ``JobRunner`` (owned by a dialog) keeps its jobs alive until they report and can be
  detached when the dialog closes, so late results go nowhere instead of to a dead widget.
* ``PdfPages`` wraps one open PDF; create, use and close it only inside jobs.
* Printing rasterises each page with PDFium at the printer's resolution, capped at
  ``MAX_PRINT_DPI`` (old printers and PCs run out of memory with 600/1200 dpi bitmaps), and
  paints it with QPainter onto the printer (QPainter on a QPrinter is allowed off the GUI thread).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

# TODO(qt.py): these names are not in gui/qt.py yet; imported directly until they are.
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from ..core.errors import ItaError
from .qt import QImage, QObject, QRunnable, QThreadPool, Signal, Slot

PDFIUM_LOCK = threading.RLock()
MAX_PRINT_DPI = 300
POINTS_PER_INCH = 72.0

Progress = Callable[[int, int], None]

_pool: QThreadPool | None = None


def pdf_pool() -> QThreadPool:
    """The one thread all PDF work runs on (created on first use)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(30_000)
    return _pool


def wait_idle(msecs: int = 30_000) -> bool:
    """Wait for queued PDF work to finish (tests, application exit)."""
    return _pool.waitForDone(msecs) if _pool is not None else True


@dataclass(frozen=True)
class Failure:
    """What a job raised: the exception and its traceback text (for a 'details' box)."""

    error: BaseException
    details: str

    @property
    def is_expected(self) -> bool:
        return isinstance(self.error, ItaError)


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(object)  # Failure
    progress = Signal(int, int)


class Job(QRunnable):
    """Runs ``work(progress)`` on a pool thread; reports through ``signals``.

    ``cancel()`` before it starts makes it skip the work (and report nothing).
    """

    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.setAutoDelete(True)
        self.signals = JobSignals()
        self._work = work
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> None:
        if self._cancelled.is_set():
            return
        try:
            result = self._work(self.signals.progress.emit)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
            self.signals.failed.emit(Failure(exc, traceback.format_exc()))
        else:
            self.signals.done.emit(result)


class JobRunner(QObject):
    """Submits jobs for one owner (a dialog) and keeps them alive until they report.

    Results are delivered to this object's slots (it lives in the GUI thread, so the signals
    are queued there) and passed on to the callbacks given to ``submit``. ``detach()`` (when the
    owner closes) cancels jobs not yet started, except those submitted with ``keep=True`` (a
    print in progress), and drops every later result.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: dict[JobSignals, _Pending] = {}
        self._detached = False
        self.closing = threading.Event()  # set by detach(); jobs may check it (thread-safe)

    def submit(self, work: Callable[[Progress], Any], *,
               done: Callable[[Any], None] | None = None,
               failed: Callable[[Failure], None] | None = None,
               progress: Callable[[int, int], None] | None = None,
               keep: bool = False, first: bool = False) -> Job | None:
        if self._detached:
            return None
        job = Job(work)
        self._jobs[job.signals] = _Pending(job, keep, done, failed, progress)
        job.signals.done.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        job.signals.progress.connect(self._on_progress)
        pdf_pool().start(job, 1 if first else 0)
        return job

    def submit_cleanup(self, work: Callable[[], None]) -> None:
        """Queue ``work`` after everything else, with no one listening (closing a PDF)."""
        pdf_pool().start(Job(lambda _progress: work()), -1)

    def busy(self) -> bool:
        return bool(self._jobs)

    def detach(self) -> None:
        self._detached = True
        self.closing.set()
        for pending in self._jobs.values():
            if not pending.keep:
                pending.job.cancel()
        self._jobs.clear()

    def forget(self, job: Job) -> None:
        """Cancel ``job`` if it has not started and drop its result."""
        job.cancel()
        self._jobs.pop(job.signals, None)

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        pending = self._jobs.pop(self.sender(), None)  # type: ignore[call-overload]
        if pending is not None and pending.done is not None and not self._detached:
            pending.done(result)

    @Slot(object)
    def _on_failed(self, failure: Failure) -> None:
        pending = self._jobs.pop(self.sender(), None)  # type: ignore[call-overload]
        if pending is not None and pending.failed is not None and not self._detached:
            pending.failed(failure)

    @Slot(int, int)
    def _on_progress(self, n: int, total: int) -> None:
        pending = self._jobs.get(self.sender())  # type: ignore[call-overload]
        if pending is not None and pending.progress is not None and not self._detached:
            pending.progress(n, total)


@dataclass
class _Pending:
    job: Job
    keep: bool
    done: Callable[[Any], None] | None
    failed: Callable[[Failure], None] | None
    progress: Callable[[int, int], None] | None


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
