"""The page every printed PDF shares: A4 landscape, its margins, the type sizes, and how the
PDF streams are written. The report (document.py), the chart pages (charts.py) and the
consolidated summary (package/summary_pdf.py) all lay out on it, so it lives apart from each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X = 42.5  # 1.5 cm: inside every office printer's printable area
MARGIN_TOP = 36.0
MARGIN_BOTTOM = 42.5
BODY = 12.0  # Sarabun at 12 pt is about as large as TH Sarabun New at 16 pt
HEADER = 10.5
CAPTION = 10.5
TITLE = 15.0
FOOTER = 10.0


@contextmanager
def binary_streams() -> Iterator[None]:
    """ReportLab ASCII85-encodes streams by default (in pure Python here): a quarter larger and
    a third of the writing time. The setting is global, so it is restored afterwards."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old
