"""The window program's part of ``ita-desktop --self-test``: can Qt start here, and does print
support load? (The checks every installation shares are in ``ita_desktop/selftest.py``.)"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..platform_check import missing_packages


def _platform_note() -> str:
    """On Linux with no screen, Qt's xcb platform would abort the whole process (SIGABRT)
    instead of reporting: the self-test then checks Qt on the offscreen platform and says so."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return " (no screen here: checked offscreen)"
    return ""


def qt_check(tmp: Path) -> str:
    note = _platform_note()
    missing = missing_packages()
    if missing:  # creating the QApplication would abort the whole process
        raise AssertionError(f"libraries Qt needs are missing; install: {' '.join(missing)}")
    from .qt import QApplication, QPrinter

    app = QApplication.instance() or QApplication(["ita-desktop", "--self-test"])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    return (f"platform {app.platformName()}{note}, print support ok "
            f"({printers_text()}, page {printer.pageLayout().pageSize().name()})")


def printers_text(limit: int = 8) -> str:
    """The printers the print dialog offers, by name, and the default: what IT staff check
    first when a clerk cannot print ("3 printers: A, B, C; default B")."""
    from .qt import QPrinterInfo

    names = QPrinterInfo.availablePrinterNames()
    if not names:
        return "0 printers"
    shown = ", ".join(names[:limit]) + (f", … (+{len(names) - limit})" if len(names) > limit else "")
    default = QPrinterInfo.defaultPrinterName() or "none"
    return f"{len(names)} printer{'s' if len(names) != 1 else ''}: {shown}; default {default}"
