"""How many pages a table cell would print over (a 20,000-character paste became one cell
spread over 48 pages): the finalise check and the editor warn about such a cell.

The text is laid out as the renderer lays it out (the same shaping and Thai line breaks, the
column's width, the body font), so the page count is close to the printed one; only the
header row's height is an estimate.
"""

from __future__ import annotations

from functools import lru_cache

from ..report.model import Entry

LONG_CELL_PAGES = 2.0  # a cell that alone would fill more than this many pages is warned about
FIELD_COLUMN = {"item_text": 0, "issue": 1, "measures": 2, "result": 3}  # columns of the table
_HEADER_ROW = 80.0  # points: the repeated header row of the table (estimate)
_QUICK_CHARS = 300  # shorter texts with few lines cannot fill a page: not laid out at all


def field_text(entry: Entry, field: str) -> str:
    if field == "measures":
        return "\n".join(f"{n}. {m}" for n, m in enumerate(entry.measures, start=1) if m.strip())
    return str(getattr(entry, field) or "")


def cell_pages(text: str, field: str) -> float:
    """Pages the cell of ``field`` holding ``text`` would fill on its own (0 when short)."""
    if len(text) < _QUICK_CHARS and text.count("\n") < 8:
        return 0.0
    return _pages(text, FIELD_COLUMN[field])


@lru_cache(maxsize=64)  # the editor asks again for the same text after each save
def _pages(text: str, column: int) -> float:
    from .blocks import text_lines
    from .document import COLUMNS
    from .page import BODY, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W
    from .table import PAD_X

    width = (PAGE_W - 2 * MARGIN_X) * COLUMNS[column] - 2 * PAD_X
    height = sum(line.height for line in text_lines(text, width, size=BODY))
    return height / (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - _HEADER_ROW)


def long_cells(entry: Entry) -> list[tuple[str, float]]:
    """(field, pages) of every cell of ``entry`` that would print over too many pages."""
    out = []
    for field in FIELD_COLUMN:
        pages = cell_pages(field_text(entry, field), field)
        if pages > LONG_CELL_PAGES:
            out.append((field, pages))
    return out
