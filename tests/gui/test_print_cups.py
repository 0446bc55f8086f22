"""The app's own print path (what runs behind the print dialog's OK) into a real CUPS queue.

`.ci/run` starts cupsd with the cups-pdf virtual printer (`.ci/cups.sh`) and exports
ITA_CUPS_QUEUE (the queue) and ITA_CUPS_OUT (where cups-pdf writes what it was sent). Without
them every test here skips with the reason. The spooled PDF is what an office printer would
receive: page count, paper, orientation, pages chosen, copies, grey, and each page against the
report's own page rendered at the same resolution.

Visual threshold: both sides are rendered at 100 dpi in grey and blurred by 1 px (glyph edges of
a raster print sit up to half a pixel off); the mean absolute difference must be under 4 grey
levels (of 255) and under 2 % of pixels may differ by more than 64. A blurred
print fails the crispness check: the printed page's edge energy is at least 85 % of the
report page's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.printing import preview_output as output_module
from ita_desktop.gui.printing.preview import PreviewDialog
from ita_desktop.gui.qt import QDialog, QPrinter

QUEUE = os.environ.get("ITA_CUPS_QUEUE", "")
OUT = Path(os.environ.get("ITA_CUPS_OUT", "/nonexistent"))
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "ita_desktop" / "data" / "demo" / "pathumwan-2567-6m.json"
COMPARE_DPI = 100
MEAN_DIFF_MAX = 4.0
BIG_DIFF_SHARE_MAX = 0.02


def _cups_reason() -> str:
    if os.environ.get("ITA_CUPS_SKIP"):
        return "CUPS could not start: " + os.environ["ITA_CUPS_SKIP"]
    if not QUEUE:
        return "no CUPS queue: run through .ci/run (it starts cupsd + cups-pdf, ITA_CUPS_QUEUE)"
    if shutil.which("lpstat") is None:
        return "lpstat missing: CUPS client not installed"
    state = subprocess.run(["lpstat", "-p", QUEUE], capture_output=True, text=True)
    if state.returncode != 0:
        return f"CUPS queue {QUEUE} not there: {state.stderr.strip()}"
    return ""


pytestmark = pytest.mark.skipif(bool(_cups_reason()), reason=_cups_reason() or "-")


@pytest.fixture(autouse=True)
def idle_worker() -> Iterator[None]:
    yield
    assert wait_idle(30_000)


@pytest.fixture(scope="module")
def demo_pdf() -> bytes:
    from ita_desktop.core.exchange.report_json import read_report_file
    from ita_desktop.core.framework.catalog import try_load_framework
    from ita_desktop.core.render import render_pdf

    report, photos = read_report_file(DEMO)

    class Processed:
        def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
            return photos[sha256].print_jpeg

    return render_pdf(report, Processed(), try_load_framework(report.framework))


def _queue_ready() -> None:
    subprocess.run(["cupsenable", QUEUE], check=False)
    subprocess.run(["cupsaccept", QUEUE], check=False)


def _spooled_after(before: set[Path], timeout: float = 60) -> Path:
    """The new PDF cups-pdf wrote (it writes to a temp name and renames when done)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        new = [p for p in OUT.glob("*.pdf") if p not in before]
        idle = "is idle" in subprocess.run(["lpstat", "-p", QUEUE], capture_output=True,
                                           text=True).stdout
        if new and idle:
            return max(new, key=lambda p: p.stat().st_mtime)
        time.sleep(0.3)
    raise AssertionError(f"nothing arrived in {OUT} from queue {QUEUE}")


class QueueDialog:
    """The print dialog as a user fills it in: the CUPS queue and the chosen options, OK."""

    choose: Callable[[QPrinter], None] = staticmethod(lambda printer: None)

    def __init__(self, printer: QPrinter, parent: object = None):
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:  # noqa: N802 - Qt API
        pass

    def setMinMax(self, low: int, high: int) -> None:  # noqa: N802 - Qt API
        pass

    def setOption(self, option: object, on: bool = True) -> None:  # noqa: N802 - Qt API
        pass

    def exec(self) -> int:
        self.printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        self.printer.setPrinterName(QUEUE)
        type(self).choose(self.printer)
        return int(QDialog.DialogCode.Accepted.value)


@pytest.fixture
def print_with(qtbot, monkeypatch, demo_pdf) -> Callable[..., tuple[PreviewDialog, Path | None]]:  # noqa: ANN001
    """Print the demo through PreviewDialog.print_document into the queue; the spooled PDF."""

    def run(choose: Callable[[QPrinter], None] = lambda printer: None, *, page: int = 0,
            expect_file: bool = True,
            before_job: Callable[[], None] | None = None) -> tuple[PreviewDialog, Path | None]:
        _queue_ready()
        dialog = PreviewDialog(lambda: demo_pdf, "pathumwan-2567-6m.pdf")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
        dialog.go_to_page(page)
        warnings: list[str] = []
        monkeypatch.setattr(dialog._output, "_warn",
                            lambda title, text, details="": warnings.append(text))
        dialog.warnings = warnings  # type: ignore[attr-defined]

        def chosen(printer: QPrinter) -> None:
            choose(printer)
            if before_job is not None:
                before_job()

        monkeypatch.setattr(QueueDialog, "choose", staticmethod(chosen))
        monkeypatch.setattr(output_module, "QPrintDialog", QueueDialog)
        before = set(OUT.glob("*.pdf"))
        dialog.print_document()
        qtbot.waitUntil(lambda: not dialog._output.printing, timeout=60_000)
        return dialog, (_spooled_after(before) if expect_file else None)

    return run


def _sizes_of(data: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def _sizes(path: Path) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def _grey(data: bytes | str, index: int) -> Image.Image:
    doc = pdfium.PdfDocument(data)
    try:
        image = doc[index].render(scale=COMPARE_DPI / 72).to_pil().convert("L")
    finally:
        doc.close()
    if image.height > image.width:
        # CUPS hands the printer A4 paper as it is fed (portrait) with the landscape page turned
        # a quarter (its top at the paper's left edge): turn it back to compare
        image = image.rotate(-90, expand=True)
    return image


def _edge_energy(image: Image.Image) -> float:
    return ImageStat.Stat(image.filter(ImageFilter.FIND_EDGES)).mean[0]


def _assert_same_page(printed: Image.Image, report: Image.Image) -> None:
    assert printed.size == report.size, (printed.size, report.size)
    # a raster print's glyph edges sit up to half a pixel off the vector page's: compare after a
    # 1-px blur so anti-aliasing noise does not count, a missing or moved word still does
    diff = ImageChops.difference(printed.filter(ImageFilter.GaussianBlur(1)),
                                 report.filter(ImageFilter.GaussianBlur(1)))
    mean = ImageStat.Stat(diff).mean[0]
    big = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:]) / (
        diff.width * diff.height)
    assert mean < MEAN_DIFF_MAX, f"mean grey difference {mean:.2f}"
    assert big < BIG_DIFF_SHARE_MAX, f"{big:.1%} of pixels differ by more than 64"
    assert _edge_energy(printed) >= 0.85 * _edge_energy(report), "printed text is blurred"


def _is_a4(size: tuple[float, float]) -> bool:
    short, long = sorted(size)
    return abs(long - 841.9) < 2 and abs(short - 595.3) < 2


def test_whole_demo_arrives_as_a4_landscape_matching_the_report(print_with, demo_pdf) -> None:  # noqa: ANN001
    dialog, spooled = print_with()
    count = len(pdfium.PdfDocument(demo_pdf))
    assert all(w > h for w, h in _sizes_of(demo_pdf))
    sizes = _sizes(spooled)
    assert len(sizes) == count
    assert all(_is_a4(s) for s in sizes), sizes[:3]
    # landscape: after turning the paper the page is wider than high (checked in _grey) and
    # matches the report's landscape page
    for index in range(count):
        _assert_same_page(_grey(str(spooled), index), _grey(demo_pdf, index))
    assert not dialog.warnings


def test_page_range_current_page_and_grey(print_with, demo_pdf) -> None:  # noqa: ANN001
    def pages_2_to_4_grey(printer: QPrinter) -> None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 4)
        printer.setColorMode(QPrinter.ColorMode.GrayScale)

    _, spooled = print_with(pages_2_to_4_grey)
    assert len(_sizes(spooled)) == 3
    for n, index in enumerate(range(1, 4)):
        _assert_same_page(_grey(str(spooled), n), _grey(demo_pdf, index))
    doc = pdfium.PdfDocument(str(spooled))
    try:  # grey: every pixel of a page with a photo has R == G == B
        rgb = doc[0].render(scale=0.5).to_pil().convert("RGB")
    finally:
        doc.close()
    r, g, b = rgb.split()
    assert ImageChops.difference(r, g).getextrema()[1] <= 2
    assert ImageChops.difference(g, b).getextrema()[1] <= 2

    def current(printer: QPrinter) -> None:
        printer.setPrintRange(QPrinter.PrintRange.CurrentPage)

    _, spooled = print_with(current, page=5)
    assert len(_sizes(spooled)) == 1
    _assert_same_page(_grey(str(spooled), 0), _grey(demo_pdf, 5))


@pytest.mark.parametrize("collate", [True, False])
def test_copies_and_collate(print_with, demo_pdf, collate: bool) -> None:  # noqa: ANN001
    def two_pages_twice(printer: QPrinter) -> None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(1, 2)
        printer.setCopyCount(2)
        printer.setCollateCopies(collate)

    _, spooled = print_with(two_pages_twice)
    sizes = _sizes(spooled)
    # CUPS may make the copies itself (one copy spooled, copies=2 on the job) or the app paints
    # them; cups-pdf writes what it got. Either way the order must follow the collate choice.
    order = [0, 1, 0, 1] if collate else [0, 0, 1, 1]
    if len(sizes) == 2:
        order = [0, 1]
    assert len(sizes) == len(order)
    for n, index in enumerate(order):
        _assert_same_page(_grey(str(spooled), n), _grey(demo_pdf, index))


# ------------------------------------------------------------------------- printer trouble
def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


@pytest.mark.parametrize("trouble", ["cupsdisable", "cupsreject"])
def test_disabled_or_rejecting_queue_is_a_message(print_with, trouble: str) -> None:  # noqa: ANN001
    try:
        dialog, spooled = print_with(
            before_job=lambda: subprocess.run([trouble, QUEUE], check=True),
            expect_file=False)
        # the app must have told the clerk, in Thai and English, and must not have frozen
        assert spooled is None
        assert dialog.warnings, dialog.status_text()
        assert _has_thai(dialog.warnings[0]), dialog.warnings
        assert ("ถูกหยุดไว้" if trouble == "cupsdisable" else "ไม่รับงานพิมพ์") in dialog.warnings[0]
        assert not dialog._output.printing  # no freeze: the dialog can print again
    finally:
        _queue_ready()
        subprocess.run(["cancel", "-a", QUEUE], check=False)


PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"


def _add_queue(name: str) -> None:
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", PPD],
                   check=True, capture_output=True)


def test_queue_deleted_between_dialog_and_job(print_with) -> None:  # noqa: ANN001
    gone = QUEUE + "-gone"
    _add_queue(gone)
    try:

        def choose_gone(printer: QPrinter) -> None:
            printer.setPrinterName(gone)

        before = set(OUT.glob("*.pdf"))
        dialog, _ = print_with(choose_gone, expect_file=False,
                               before_job=lambda: subprocess.run(["lpadmin", "-x", gone],
                                                                 check=True))
        assert dialog.warnings, dialog.status_text()
        assert _has_thai(dialog.warnings[0]) and "ไม่พบเครื่องพิมพ์ \"" in dialog.warnings[0]
        time.sleep(2)
        assert set(OUT.glob("*.pdf")) == before
    finally:
        subprocess.run(["lpadmin", "-x", gone], check=False, capture_output=True)


def test_no_printer_installed(print_with) -> None:  # noqa: ANN001
    others = [line.strip() for line in subprocess.run(["lpstat", "-e"], capture_output=True,
                                                      text=True).stdout.splitlines()]
    if others != [QUEUE]:
        pytest.skip(f"other printers are installed here ({others}); will not delete them")
    try:
        dialog, _ = print_with(expect_file=False,
                               before_job=lambda: subprocess.run(["lpadmin", "-x", QUEUE],
                                                                 check=True))
        assert dialog.warnings, dialog.status_text()
        assert _has_thai(dialog.warnings[0]) and "ไม่พบเครื่องพิมพ์ในเครื่องนี้" in dialog.warnings[0]
    finally:
        _add_queue(QUEUE)


def test_cancel_during_a_long_job_leaves_a_cancelled_job_not_half_a_report(
        print_with, monkeypatch) -> None:  # noqa: ANN001
    """The printer goes offline just after the check, so the job waits in the spooler (a long
    job); Cancel then cancels it there: nothing comes out, not even when the printer is back."""
    from ita_desktop.gui.printing import cups_route, print_path

    check, submit = print_path.check_printer, cups_route.submit
    jobs: list[str | None] = []

    def check_then_offline(printer: QPrinter) -> None:
        check(printer)
        subprocess.run(["cupsdisable", QUEUE], check=True)

    def submit_then_cancel(pdf, printer, pages, count, cancelled):  # noqa: ANN001, ANN202
        jobs.append(submit(pdf, printer, pages, count, cancelled))
        cancelled.__self__.set()  # what the Cancel button does (the job's event), mid-job
        return jobs[-1]

    monkeypatch.setattr(print_path, "check_printer", check_then_offline)
    monkeypatch.setattr(cups_route, "submit", submit_then_cancel)
    before = set(OUT.glob("*.pdf"))
    try:
        dialog, _ = print_with(expect_file=False)
        assert jobs and jobs[0], "the job reached the spooler"
        assert "ยกเลิก" in dialog.status_text() or "cancel" in dialog.status_text().lower()
        pending = subprocess.run(["lpstat", "-W", "not-completed", "-o", QUEUE],
                                 capture_output=True, text=True).stdout
        assert jobs[0] not in pending  # cancelled in the spooler, not waiting to print
        done = subprocess.run(["lpstat", "-W", "completed", "-o", QUEUE],
                              capture_output=True, text=True).stdout
        assert jobs[0] in done
    finally:
        _queue_ready()
    time.sleep(3)  # the printer is back: a job that was only paused would print now
    assert set(OUT.glob("*.pdf")) == before


def test_cancel_before_the_upload_sends_nothing(print_with, monkeypatch) -> None:  # noqa: ANN001
    from ita_desktop.gui.printing import cups_route

    submit = cups_route.submit

    def cancelled_first(pdf, printer, pages, count, cancelled):  # noqa: ANN001, ANN202
        cancelled.__self__.set()
        return submit(pdf, printer, pages, count, cancelled)

    monkeypatch.setattr(cups_route, "submit", cancelled_first)
    jobs_before = subprocess.run(["lpstat", "-W", "all", "-o", QUEUE], capture_output=True,
                                 text=True).stdout
    before = set(OUT.glob("*.pdf"))
    dialog, _ = print_with(expect_file=False)
    assert "ยกเลิก" in dialog.status_text() or "cancel" in dialog.status_text().lower()
    time.sleep(2)
    assert set(OUT.glob("*.pdf")) == before
    assert subprocess.run(["lpstat", "-W", "all", "-o", QUEUE], capture_output=True,
                          text=True).stdout == jobs_before
