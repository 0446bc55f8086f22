"""The printed report: the landscape Thai PDF an office signs and submits.

``render_pdf`` is the one entry point (CLI and GUI). How it works and why: docs/printing.md.
"""

from __future__ import annotations

from ..framework import Framework
from ..model import PhotoSource, Report
from .document import build_pdf


def render_pdf(report: Report, photos: PhotoSource, framework: Framework | None = None, *,
               digits: str | None = None) -> bytes:
    """The report as PDF bytes. ``digits`` ("thai" / "arabic") overrides ``report.digits``
    for every number the app prints; typed text is printed as typed."""
    return build_pdf(report, photos, framework, digits)


__all__ = ["render_pdf"]
