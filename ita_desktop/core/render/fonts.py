"""The bundled fonts, registered once with ReportLab and with HarfBuzz.

Only fonts shipped in ``ita_desktop/data/fonts`` are used: the printed report must look the same on
every PC. ReportLab embeds subsets of TrueType fonts keyed by Unicode code point; glyphs that no
character maps to (Thai mark variants chosen by GSUB, e.g. ``uni0E48.small``) get invented
private-use code points. ``ShapedTTFont`` records which text each invented code stands for and
writes that into the font's ToUnicode map, so copy/paste and search return the typed Thai.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..base.paths import font_path

REGULAR = "ITA-Sarabun"
BOLD = "ITA-Sarabun-Bold"
# for what Sarabun lacks (emoji pasted from chat apps, symbols such as ✓ ★): monochrome
# outlines, free for any use (data/fonts/Symbola-LICENSE.txt); loaded only when needed
FALLBACK = "ITA-Symbola"
_FILES = {REGULAR: "Sarabun-Regular.ttf", BOLD: "Sarabun-Bold.ttf", FALLBACK: "Symbola.ttf"}
_PUA_FIRST = 0xE000
_lock = threading.Lock()


def _to_unicode_cmap(name: str, codes: list[int], text_of: dict[int, str]) -> bytes:
    """A ToUnicode CMap for one 256-code subset; invented codes map to the text they draw."""
    entries = []
    for byte, code in enumerate(codes):
        text = text_of.get(code, chr(code))
        hexs = text.encode("utf-16-be").hex().upper()
        entries.append(f"<{byte:02X}> <{hexs}>")
    chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
    body = "\n".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar" for c in chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        f"/CMapName /{name} def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")


class ShapedTTFont(TTFont):
    """A ReportLab TrueType font that can draw any glyph id, with an honest ToUnicode map."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, shapable=False)
        self.text_of: dict[int, str] = {}  # invented code point -> text it stands for
        self._code_of_gid: dict[int, int] = {}
        self._invented: dict[tuple[int, str], int] = {}
        self._next_pua = _PUA_FIRST
        self.aliases: set[int] = set()  # characters drawn with another character's glyph
        self.upem = self.face.unitsPerEm
        # glyph id -> a real code point that maps to it (the font's own cmap)
        for code, gid in sorted(self.face.charToGlyph.items(), reverse=True):
            if code >= 32:
                self._code_of_gid[gid] = code

    def code_for(self, gid: int, text: str, advance_1000: float) -> int:
        """The code point ReportLab should use to draw glyph ``gid``.

        A glyph the font's cmap reaches keeps that character's code point. Any other glyph
        (GSUB variants such as ``uni0E48.small``) gets an invented code whose ToUnicode entry is
        ``text``, the characters it stands for."""
        code = self._code_of_gid.get(gid)
        if code is not None:
            return code
        key = (gid, text)
        inv = self._invented.get(key)
        if inv is not None:
            return inv
        with _lock:
            inv = self._invented.get(key)
            if inv is None:
                while self._next_pua in self.face.charToGlyph:
                    self._next_pua += 1
                inv = self._next_pua
                self._next_pua += 1
                self.face.charToGlyph[inv] = gid
                self.face.charWidths[inv] = advance_1000
                self.text_of[inv] = text
                self._invented[key] = inv
        return inv

    def real_code(self, gid: int) -> int | None:
        """The character the font's cmap maps to ``gid``, if any."""
        return self._code_of_gid.get(gid)

    def text_for(self, code: int) -> str:
        """What extraction through the ToUnicode map returns for ``code``."""
        return self.text_of.get(code, chr(code))

    def alias(self, code: int, gid: int, advance_1000: float) -> None:
        """Let ``code`` (a character the font lacks) draw glyph ``gid`` (a declared replacement);
        its ToUnicode entry stays the character itself."""
        with _lock:
            if code not in self.face.charToGlyph:
                self.aliases.add(code)
                self.face.charToGlyph[code] = gid
                self.face.charWidths[code] = advance_1000

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        # Same as TTFont.addObjects, except for the ToUnicode map (see the module docstring).
        state = self._assignState(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = self._subset_base_name(n)
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal
            pdf_font.BaseFont = base
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = _to_unicode_cmap(base, subset, self.text_of)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]

    def _subset_base_name(self, n: int) -> str:
        from reportlab.pdfbase.ttfonts import SUBSETN

        return b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")


@dataclass(frozen=True)
class FontPair:
    """A font as both engines see it: ReportLab (embedding) and HarfBuzz (shaping)."""

    rl: ShapedTTFont
    hb: hb.Font

    @property
    def name(self) -> str:
        return self.rl.fontName


@cache
def font(name: str) -> FontPair:
    """The registered font ``REGULAR`` or ``BOLD`` (loaded on first use)."""
    path = str(font_path(_FILES[name]))
    rl = ShapedTTFont(name, path)
    pdfmetrics.registerFont(rl)
    face = hb.Face(hb.Blob.from_file_path(path))
    return FontPair(rl, hb.Font(face))
