"""Is the chosen printer there and taking jobs? Asked just before a job is sent.

Qt paints a job onto a queue that is paused or refuses jobs without saying so (QPainter.begin
and end succeed, the job is lost or waits), so the clerk would read "sent" and find nothing at
the printer. QPrinterInfo knows a missing printer and a stopped one; whether CUPS accepts jobs
Qt does not expose, so on Linux/macOS we ask `lpstat -a` (the CUPS client) for that one fact.
"""

from __future__ import annotations

import shutil
import subprocess

from ...core.base.errors import ItaError
from ..qt import QPrinter, QPrinterInfo


def check_printer(printer: QPrinter) -> None:
    """Raise ItaError (Thai + English, what to check) when ``printer`` cannot take a job now.
    A PDF file as output is always fine."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return
    name = printer.printerName()
    if not QPrinterInfo.availablePrinters():
        raise ItaError("ไม่พบเครื่องพิมพ์ในเครื่องนี้ — ติดตั้งเครื่องพิมพ์ (หรือให้ผู้ดูแลระบบติดตั้ง) "
                       "แล้วพิมพ์อีกครั้ง หรือใช้ \"บันทึกเป็น PDF\" แทน",
                       english="No printer is installed on this computer. Install one (or ask "
                               "your IT support), or use Save as PDF instead.")
    info = QPrinterInfo.printerInfo(name)
    if not name or info.isNull():
        raise ItaError(f"ไม่พบเครื่องพิมพ์ \"{name}\" แล้ว (อาจถูกถอดออก) — เลือกเครื่องพิมพ์อื่น "
                       "แล้วพิมพ์อีกครั้ง รายงานของคุณไม่เสียหาย",
                       english=f"The printer \"{name}\" is no longer installed (it may have been "
                               "removed). Choose another printer and print again.")
    if info.state() == QPrinter.PrinterState.Error:
        raise ItaError(f"เครื่องพิมพ์ \"{name}\" ถูกหยุดไว้ (หยุดชั่วคราวหรือมีข้อผิดพลาด) — "
                       "ตรวจว่าเครื่องพิมพ์เปิดอยู่ มีกระดาษ และสั่ง \"ดำเนินการต่อ\" ที่เครื่องพิมพ์ "
                       "แล้วพิมพ์อีกครั้ง",
                       english=f"The printer \"{name}\" is stopped (paused or in error). Check "
                               "that it is on and has paper, resume it, then print again.")
    if not _accepts_jobs(name):
        raise ItaError(f"เครื่องพิมพ์ \"{name}\" ไม่รับงานพิมพ์ในขณะนี้ — ให้ผู้ดูแลเครื่องพิมพ์ "
                       "เปิดให้รับงาน หรือเลือกเครื่องพิมพ์อื่น",
                       english=f"The printer \"{name}\" is not accepting jobs. Ask whoever looks "
                               "after it to accept jobs again, or choose another printer.")


def _accepts_jobs(name: str) -> bool:
    lpstat = shutil.which("lpstat")
    if lpstat is None:  # Windows: no CUPS; the spooler reports its own trouble
        return True
    try:
        out = subprocess.run([lpstat, "-a", name], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: let the job go, Qt/CUPS report what they can
    return "not accepting" not in out.stdout
