"""The demo report's printed text, page by page: the baseline that optional report columns
must not change while they are off (issue 17, item 4).

``python -m tests.render.golden`` rewrites tests/render/data/demo_default_pages.txt; do that
only for a deliberate change to the printed report, and say so in the commit.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ita_desktop.core.exchange.report_json import read_report_file
from ita_desktop.core.framework.catalog import try_load_framework
from ita_desktop.core.render import render_pdf
from ita_desktop.core.workflow.demo import demo_file

GOLDEN = Path(__file__).parent / "data" / "demo_default_pages.txt"
PAGE_BREAK = "\n\f\n"


class DictPhotos:
    """Photo bytes straight from the demo file's processed photos (no store needed)."""

    def __init__(self, photos):
        self.photos = photos

    def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
        p = self.photos[sha256]
        return p.print_jpeg if kind == "print" else p.thumb_jpeg


def demo_pdf(digits: str | None = None) -> bytes:
    report, photos = read_report_file(demo_file())
    return render_pdf(report, DictPhotos(photos), try_load_framework(report.framework),
                      digits=digits)


def page_texts(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [page.get_text("text") for page in doc]


def golden_pages() -> list[str]:
    return GOLDEN.read_text(encoding="utf-8").split(PAGE_BREAK)


if __name__ == "__main__":
    GOLDEN.write_text(PAGE_BREAK.join(page_texts(demo_pdf())), encoding="utf-8")
    print(f"wrote {GOLDEN}")
