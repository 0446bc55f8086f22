"""Checks a PDF that the Windows program rendered, with the project's own Thai checks
(tests/render/pdfcheck.py, the adapted Thai PDF oracle): the Sarabun fonts embedded, no .notdef
glyph or unmapped character, and every typed text of the report extracted in order with its
line breaks at word boundaries. The report's typed texts are read back from the database the
Windows program wrote, with this (Linux) checkout's reader.

    python packaging/windows/check_pdf.py REPORT.pdf DATABASE.sqlite REPORT_ID

Prints the problems (exit 1) or one line saying what passed (exit 0).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from ita_desktop.core.framework.catalog import try_load_framework  # noqa: E402
from ita_desktop.core.store import Store  # noqa: E402
from tests.render.expected import HEADINGS, cells  # noqa: E402
from tests.render.pdfcheck import check, notdef_problems  # noqa: E402

PAGE_NUMBER = r"หน้า [0-9๐-๙]+/[0-9๐-๙]+"  # as tests/render/test_render.py
WANTED_FONTS = {"Sarabun-Regular", "Sarabun-Bold"}


def embedded_fonts(doc: pymupdf.Document) -> set[str]:
    """Base names of the fonts that carry their own font program (embedded, not referenced)."""
    return {name.split("+")[-1] for page in doc for _, ext, _, name, *_ in page.get_fonts()
            if ext not in ("", "n/a")}


def problems(pdf: Path, db: Path, report_id: str) -> tuple[list[str], str]:
    doc = pymupdf.open(pdf)
    store = Store.open(db, read_only=True)
    try:
        report = store.get_report(report_id)
    finally:
        store.close()
    found: list[str] = []
    missing_fonts = WANTED_FONTS - embedded_fonts(doc)
    if missing_fonts:
        found.append(f"fonts not embedded: {sorted(missing_fonts)}")
    found += notdef_problems(doc)
    texts = [text for _, text in cells(report, try_load_framework(report.framework))]
    found += check(doc, list(HEADINGS), texts, PAGE_NUMBER).problems
    summary = (f"{doc.page_count} pages, Sarabun embedded, no .notdef, {len(texts)} typed texts "
               "extracted as typed, line breaks at word boundaries")
    return found, summary


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    found, summary = problems(Path(argv[0]), Path(argv[1]), argv[2])
    for problem in found:
        print(problem)
    if found:
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
