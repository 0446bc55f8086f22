"""What a table cell holds: text lines and photos, each with a height, ready to place.

A cell is a list of blocks; a row that does not fit on a page is split between blocks, so a
text line or a photo (with its caption) is never cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fonts import REGULAR
from .images import PrintImage
from .linebreak import Line, break_paragraph
from .shaping import display_text

LEADING = 1.7  # line height / font size: Thai needs room above (stacked marks) and below
BASELINE = 1.15  # baseline below the line top, in font sizes


@dataclass(frozen=True, slots=True)
class TextLine:
    line: Line
    font: str
    size: float
    align: str = "left"  # or "center"
    leading: float = LEADING

    @property
    def height(self) -> float:
        return self.size * self.leading


@dataclass(frozen=True, slots=True)
class Gap:
    height: float


@dataclass(frozen=True, slots=True)
class Photo:
    image: PrintImage | None  # None: the stored photo could not be read
    width: float
    image_height: float
    caption: tuple[TextLine, ...] = ()
    space_after: float = 6.0

    @property
    def height(self) -> float:
        return self.image_height + sum(c.height for c in self.caption) + 4.0 + self.space_after


Block = TextLine | Gap | Photo


@dataclass
class Cell:
    blocks: list[Block] = field(default_factory=list)

    @property
    def content_height(self) -> float:
        return sum(b.height for b in self.blocks)


def text_lines(text: str, width: float, *, font: str = REGULAR, size: float = 12.0,
               align: str = "left", hang: float = 0.0, hang_text: str = "") -> list[TextLine]:
    """Typed text as lines: each newline starts a paragraph; ``hang_text`` (a list number)
    is put before the first paragraph, and its continuation lines are indented by ``hang``."""
    if not text.strip():
        return []  # an empty cell prints empty
    text = display_text(text)
    out: list[TextLine] = []
    for i, para in enumerate(text.split("\n")):
        first = (hang_text + para) if i == 0 else para
        indent = hang if hang_text else 0.0
        lines = break_paragraph(first, font, size, width, 0.0 if i == 0 else indent, indent)
        out.extend(TextLine(ln, font, size, align) for ln in lines)
    return out


_NUMBERED = re.compile(r"\s*([0-9๐-๙]+\s*[.)]|[-–•▶*●■○])")


def already_numbered(items: list[str]) -> bool:
    """True when the clerk typed numbers or bullets in front of the measures themselves."""
    return any(_NUMBERED.match(t) for t in items)
