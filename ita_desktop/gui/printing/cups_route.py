"""Printing through CUPS by handing it the report's own PDF (Linux, macOS): the route chosen
in docs/printing.md. Measured there: the raster route sends 1.1 MB per text page at 300 dpi and
took 209 s to spool the 186-page photo report (211 MB); the PDF itself is 0.02 MB per page and
spooled in 7.6 s, with vector text the printer draws at its own resolution.

The dialog's choices become ``lp`` options (pages, copies, collate, grey, two-sided, reverse
order). Cancel is real: before the upload nothing is sent; during it the ``lp`` process is
stopped (cupsd discards an unfinished upload); after it the job is cancelled in the spooler
(``cancel``), which then holds a cancelled job, never half a report. Qt's own CUPS engine
cannot do this: QPrinter.abort() does nothing there and QPainter.end() submits what was
painted (the bug the real-queue tests found).

Hand-written around the ``lp``/``cancel``/``lpstat`` commands, which every CUPS install has:
pycups would add a compiled dependency for three calls. Nothing here touches a widget.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

from ...core.base.errors import ItaError
from ..qt import QPrinter

SUBMIT_TIMEOUT_S = 300  # the 186-page photo report uploads in seconds; a hung cupsd ends here
_POLL_S = 0.05
WAIT_LIMIT_S = 600  # a job still queued after this prints later; the preview is free again
_WAIT_POLL_S = 0.3
_JOB_ID = re.compile(r"request id is (\S+)")


def available(printer: QPrinter) -> bool:
    """Is this job for a CUPS queue that ``lp`` can reach? (not a PDF file, not Windows)"""
    return (sys.platform != "win32" and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
            and bool(printer.printerName()) and shutil.which("lp") is not None
            and os.environ.get("ITA_PRINT_RASTER") != "1")  # the old route, for comparison


def page_ranges(pages: Sequence[int]) -> str:
    """0-based pages as CUPS' 1-based ``page-ranges`` ("1-3,7")."""
    out: list[str] = []
    ordered = sorted(set(pages))
    start = prev = ordered[0]
    for page in [*ordered[1:], None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        out.append(f"{start + 1}" if start == prev else f"{start + 1}-{prev + 1}")
        if page is not None:
            start = prev = page
    return ",".join(out)


def lp_options(printer: QPrinter, pages: Sequence[int], page_count: int) -> list[str]:
    """The ``lp`` arguments (without the file) for the dialog's choices on ``printer``."""
    args = ["-d", printer.printerName(), "-t", printer.docName() or "ITA",
            "-o", "media=A4"]  # the report's A4 landscape pages, turned by CUPS to the paper
    if sorted(set(pages)) != list(range(page_count)):
        args += ["-o", f"page-ranges={page_ranges(pages)}"]
    copies = max(1, printer.copyCount())
    if copies > 1:
        args += ["-n", str(copies), "-o", f"collate={'true' if printer.collateCopies() else 'false'}"]
    if printer.colorMode() == QPrinter.ColorMode.GrayScale:
        # the IPP attribute, and the PPD option most drivers (cups-pdf too) read
        args += ["-o", "print-color-mode=monochrome", "-o", "ColorModel=Gray"]
    sides = {QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
             QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
             QPrinter.DuplexMode.DuplexAuto: "two-sided-short-edge"}.get(printer.duplex())
    args += ["-o", f"sides={sides or 'one-sided'}"]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        args += ["-o", "outputorder=reverse"]
    return args


def submit(pdf: bytes, printer: QPrinter, pages: Sequence[int], page_count: int,
           cancelled: Callable[[], bool]) -> str | None:
    """Send ``pages`` of ``pdf`` to the printer's queue; the CUPS job id, or None when
    cancelled (then nothing is printed). Raises ItaError (Thai + English) when CUPS refuses."""
    if cancelled():
        return None
    lp = shutil.which("lp") or "lp"
    fd, name = tempfile.mkstemp(prefix="ita-print-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        proc = subprocess.Popen([lp, *lp_options(printer, pages, page_count), "--", name],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        start = time.monotonic()
        while proc.poll() is None:
            if cancelled():
                proc.terminate()  # the upload stops; cupsd drops an unfinished job
                proc.communicate(timeout=10)
                return None
            if time.monotonic() - start > SUBMIT_TIMEOUT_S:
                proc.kill()
                proc.communicate(timeout=10)
                raise ItaError("ระบบการพิมพ์ไม่ตอบสนอง — ลองพิมพ์ใหม่อีกครั้ง หรือเริ่มเครื่องคอมพิวเตอร์ใหม่",
                               english="the print system (CUPS) did not take the job in time")
            time.sleep(_POLL_S)
        out, err = proc.communicate()
    finally:
        os.unlink(name)
    if proc.returncode != 0:
        reason = (err or out).strip().splitlines()[-1:] or [""]
        raise ItaError(f"เครื่องพิมพ์ \"{printer.printerName()}\" ไม่รับงานพิมพ์ — ตรวจว่าเครื่องพิมพ์"
                       "เปิดอยู่และรับงาน แล้วพิมพ์อีกครั้ง รายงานของคุณไม่เสียหาย",
                       english=f"CUPS refused the job: {reason[0][:200]}")
    found = _JOB_ID.search(out)
    job = found.group(1) if found else None
    if job is not None and cancelled():  # Cancel pressed as the upload ended
        cancel_job(job)
        return None
    return job or ""


def wait(job: str, queue: str, cancelled: Callable[[], bool],
         limit_s: float = WAIT_LIMIT_S) -> bool:
    """Wait while the spooler still holds ``job`` (its printer prints it), so that Cancel
    stays possible for the whole job; True when it is done or still waiting after
    ``limit_s`` (it prints later: the queue keeps it), False when cancelled (the spooler
    then has a cancelled job)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None or not job:
        return True
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if cancelled():
            cancel_job(job)
            return False
        try:
            out = subprocess.run([lpstat, "-W", "not-completed", "-o", queue],
                                 capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return True  # cannot tell: it was accepted, say so
        if not any(line.split(" ", 1)[0] == job for line in out.splitlines()):
            return True
        time.sleep(_WAIT_POLL_S)
    return True


def cancel_job(job: str) -> None:
    """Cancel a spooled job (it may already be printing: the printer stops where it is)."""
    command = shutil.which("cancel")
    if command is None:
        return
    try:
        subprocess.run([command, job], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        pass  # the job stays; the status line says printing was cancelled only if it was
