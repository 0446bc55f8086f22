"""Spool size and time of a print job through a real CUPS queue (cups-pdf), two routes.

    python benchmarks/print_spool.py QUEUE [--full] [--dpi 300 600]

Route "PDF to lp" is the app's print path on Linux/macOS (gui/printing/cups_route.py: the
report's own PDF to ``lp`` with the dialog's options). Route "raster" is the path kept for
Windows' spooler and print-to-file (render_worker.print_pages: pages rasterised by PDFium,
painted on a QPrinter on QUEUE).
Spool size is the job size CUPS reports (`lpstat -W completed -o`, bytes it received); time is
from the start of the job until CUPS lists it completed. Jobs: a 1-page job, the demo report,
and with --full the 78-entry report with 156 photos (benchmarks/render_full.build_report).
Needs a running cupsd with the queue (.ci/cups.sh sets one up).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ita_desktop.core.exchange.report_json import read_report_file  # noqa: E402
from ita_desktop.core.framework.catalog import try_load_framework  # noqa: E402
from ita_desktop.core.render import render_pdf  # noqa: E402

DEMO = ROOT / "ita_desktop" / "data" / "demo" / "pathumwan-2567-6m.json"
MB = 1024 * 1024


def demo_pdf() -> bytes:
    report, photos = read_report_file(DEMO)

    class Processed:
        def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
            return photos[sha256].print_jpeg

    return render_pdf(report, Processed(), try_load_framework(report.framework))


def full_pdf() -> bytes:
    from benchmarks.camera import camera_jpeg
    from benchmarks.render_full import Store, build_report
    from ita_desktop.core.framework.catalog import load_framework
    from ita_desktop.core.photos.intake import process_photo
    from ita_desktop.core.report.model import PhotoRef

    report, seeds = build_report(None)
    store = Store()
    for entry, pair in zip(report.entries, seeds, strict=True):
        for k, seed in enumerate(pair, 1):
            photo = process_photo(camera_jpeg(seed), f"IMG_{seed:04d}.jpg")
            store.print[photo.sha256] = photo.print_jpeg
            entry.photos.append(PhotoRef(photo.sha256, f"ภาพที่ {k}", width=photo.width,
                                         height=photo.height))
    return render_pdf(report, store, load_framework("ita-2567"))


def completed_jobs(queue: str) -> dict[str, int]:
    out = subprocess.run(["lpstat", "-W", "completed", "-o", queue], capture_output=True,
                         text=True).stdout
    return {line.split()[0]: int(line.split()[2]) for line in out.splitlines() if line.strip()}


def wait_new_job(queue: str, before: dict[str, int], start: float) -> tuple[int, float]:
    while time.perf_counter() - start < 900:  # a queue removed meanwhile must not hang this
        new = {k: v for k, v in completed_jobs(queue).items() if k not in before}
        if new:
            return sum(new.values()), time.perf_counter() - start
        time.sleep(0.2)
    raise SystemExit(f"no job completed on {queue} within 900 s (is the queue still there?)")


def raster(queue: str, pdf: bytes, pages: list[int], dpi: int) -> tuple[int, float]:
    from ita_desktop.gui.printing import render_worker
    from ita_desktop.gui.qt import QApplication, QPageLayout, QPageSize, QPrinter

    _app = QApplication.instance() or QApplication([])
    render_worker.MAX_PRINT_DPI = dpi  # the cap is what a 600-dpi printer would get
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    printer.setResolution(dpi)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)
    before = completed_jobs(queue)
    start = time.perf_counter()
    doc = render_worker.open_pdf(pdf)
    try:
        render_worker.print_pages(doc, printer, pages)
    finally:
        doc.close()
    return wait_new_job(queue, before, start)


def direct(queue: str, pdf: bytes, pages: list[int]) -> tuple[int, float]:
    """The app's CUPS route (gui/printing/cups_route.py): the report's PDF to ``lp`` with the
    print dialog's options."""
    import pypdfium2 as pdfium

    from ita_desktop.gui.printing import cups_route
    from ita_desktop.gui.qt import QApplication, QPrinter

    _app = QApplication.instance() or QApplication([])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    count = len(pdfium.PdfDocument(pdf))
    before = completed_jobs(queue)
    start = time.perf_counter()
    cups_route.submit(pdf, printer, pages, count, lambda: False)
    return wait_new_job(queue, before, start)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("queue")
    ap.add_argument("--full", action="store_true", help="also the 186-page photo report")
    ap.add_argument("--dpi", type=int, nargs="*", default=[300, 600],
                    help="raster route resolutions (none: the PDF route only)")
    a = ap.parse_args()
    import pypdfium2 as pdfium

    jobs = [("1 page (demo p. 1)", demo_pdf(), [0])]
    jobs.append(("demo", jobs[0][1], None))
    if a.full:
        jobs.append(("78 entries, 156 photos", full_pdf(), None))
    print("| job | pages | route | dpi | spool MB | MB/page | time s |")
    print("|---|---|---|---|---|---|---|")
    for label, pdf, pages in jobs:
        count = len(pdfium.PdfDocument(pdf))
        pages = pages or list(range(count))
        size, took = direct(a.queue, pdf, pages)
        print(f"| {label} | {len(pages)} | PDF to lp | – | {size / MB:.2f} | "
              f"{size / MB / len(pages):.2f} | {took:.1f} |", flush=True)
        for dpi in a.dpi:
            size, took = raster(a.queue, pdf, pages, dpi)
            print(f"| {label} | {len(pages)} | raster (app) | {dpi} | {size / MB:.2f} | "
                  f"{size / MB / len(pages):.2f} | {took:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
