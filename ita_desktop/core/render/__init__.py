"""The printed report: the landscape Thai PDF an office signs and submits.

``render_pdf`` is the one entry point (CLI and GUI). How it works and why: docs/printing.md.
"""

from __future__ import annotations

from ..framework.definition import Framework
from ..report.model import PhotoSource, Report
from .document import build_pdf


def render_pdf(report: Report, photos: PhotoSource, framework: Framework | None = None, *,
               digits: str | None = None) -> bytes:
    """The report as PDF bytes. ``digits`` ("thai" / "arabic") overrides ``report.digits``
    for every number the app prints; typed text is printed as typed."""
    return build_pdf(report, photos, framework, digits)


def clear_caches() -> None:
    """Forget cached segmentation, shaping, line layout and scaled photos (benchmarks, tests)."""
    from . import images, linebreak, shaping, thaidict

    for fn in (linebreak.segments, linebreak.icu_segments, linebreak.measure,
               linebreak.break_paragraph, linebreak._seg_pieces, shaping.shape,
               thaidict.writable_as_words, thaidict.segmentation, thaidict._joint):
        fn.cache_clear()
    images.clear_cache()


__all__ = ["clear_caches", "render_pdf"]
