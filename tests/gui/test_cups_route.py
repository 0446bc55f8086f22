"""The CUPS route's options (no print system needed): the print dialog's choices as ``lp``
arguments, and a cancel before the upload sending nothing."""

from __future__ import annotations

import pytest

from ita_desktop.gui.printing import cups_route
from ita_desktop.gui.qt import QPrinter


@pytest.mark.parametrize(("pages", "text"), [
    ([0], "1"), ([0, 1, 2], "1-3"), ([0, 1, 2, 6], "1-3,7"), ([9, 3, 4], "4-5,10"),
])
def test_page_ranges(pages: list[int], text: str) -> None:
    assert cups_route.page_ranges(pages) == text


def _options(printer: QPrinter, pages: list[int], count: int = 10) -> list[str]:
    args = cups_route.lp_options(printer, pages, count)
    return [args[i + 1] for i, a in enumerate(args) if a == "-o"]


def test_the_dialog_choices_become_lp_options(qapp) -> None:  # noqa: ANN001
    printer = QPrinter()
    assert "media=A4" in _options(printer, list(range(10)))
    assert not any(o.startswith("page-ranges") for o in _options(printer, list(range(10))))
    assert "page-ranges=2-4" in _options(printer, [1, 2, 3])
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    args = cups_route.lp_options(printer, [0], 10)
    assert args[args.index("-n") + 1] == "2" and "collate=true" in _options(printer, [0])
    printer.setCollateCopies(False)
    assert "collate=false" in _options(printer, [0])
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    assert "print-color-mode=monochrome" in _options(printer, [0])
    assert "sides=one-sided" in _options(printer, [0])  # two-sided only where the printer can
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert "outputorder=reverse" in _options(printer, [0])


def test_cancelled_before_the_upload_runs_nothing(qapp, monkeypatch) -> None:  # noqa: ANN001
    ran: list[object] = []
    monkeypatch.setattr(cups_route.subprocess, "Popen", lambda *a, **k: ran.append(a))
    assert cups_route.submit(b"%PDF-1.4", QPrinter(), [0], 1, lambda: True) is None
    assert ran == []


def test_a_pdf_file_or_windows_takes_the_raster_route(qapp, monkeypatch) -> None:  # noqa: ANN001
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert not cups_route.available(printer)
    monkeypatch.setattr(cups_route.sys, "platform", "win32")
    assert not cups_route.available(QPrinter())
