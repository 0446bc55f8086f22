"""Writes shaped lines into the PDF content stream.

ReportLab's own shaped drawing cannot be told where lines break, so the text operators are
written here: each glyph placed where HarfBuzz put it (TJ adjustments, text rise for raised
marks). Extraction goes through the fonts' ToUnicode maps (repaired in ``fonts``); the few
glyph groups whose map cannot give the typed text (SARA AM drawn as NIKHAHIT + SARA AA, replaced
characters) are wrapped in ``/Span <</ActualText …>> BDC … EMC``. Only those: MuPDF duplicated
the rest of a word when a whole word carried ActualText and contained SARA AM.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from .fonts import font
from .linebreak import Line, Piece
from .shaping import Run

# (font resource name, rise in 1/1000 em, TJ array body, ActualText or "")
_Group = tuple[str, float, str, str]


def _fmt(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class TextWriter:
    """Draws lines on one canvas; caches each word's operators (valid for this document)."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.doc = canvas._doc
        # keyed by the identity of a piece's runs (shared through the layout caches): hashing
        # the glyph tuples of every word cost more than drawing them
        self._groups: dict[int, tuple[tuple[Run, ...], tuple[_Group, ...]]] = {}

    def _run_groups(self, run: Run) -> list[_Group]:
        rl = font(run.font).rl
        codes = "".join(chr(g[0]) for g in run.glyphs)
        encoded: list[tuple[int, int]] = []  # (subset, byte) per glyph
        for subset, data in rl.splitString(codes, self.doc):
            encoded.extend((subset, b) for b in data)
        widths = rl.face.charWidths
        default_w = rl.face.defaultWidth
        starts = {a: (b, t) for a, b, t in run.actual}
        groups: list[_Group] = []
        items: list[str] = []
        cur_sub, cur_rise, cur_actual = (encoded[0][0] if encoded else 0), 0.0, ""
        actual_end = -1
        pen = pdf = 0.0

        def close() -> None:
            if items:
                res = rl.getSubsetInternalName(cur_sub, self.doc)
                groups.append((res, cur_rise, " ".join(items), cur_actual))
                items.clear()

        for i, ((code, adv, xo, yo), (subset, byte)) in enumerate(
                zip(run.glyphs, encoded, strict=True)):
            if i == actual_end:
                close()
                cur_actual, actual_end = "", -1
            if i in starts:
                close()
                actual_end, cur_actual = starts[i]
            if subset != cur_sub or yo != cur_rise:
                close()
                cur_sub, cur_rise = subset, yo
            delta = pen + xo - pdf
            if abs(delta) > 0.005:
                items.append(_fmt(-delta))
            items.append(f"<{byte:02X}>")
            pdf = pen + xo + widths.get(code, default_w)
            pen += adv
        if cur_actual:
            close()
            cur_actual = ""
        if abs(pen - pdf) > 0.005:
            items.append(_fmt(-(pen - pdf)))
        close()
        return groups

    def _piece_groups(self, piece: Piece) -> tuple[_Group, ...]:
        hit = self._groups.get(id(piece.runs))
        if hit is not None and hit[0] is piece.runs:
            return hit[1]
        out: list[_Group] = []
        for run in piece.runs:
            out.extend(self._run_groups(run))
        groups = tuple(out)
        self._groups[id(piece.runs)] = (piece.runs, groups)  # holding runs keeps the id valid
        return groups

    def draw_lines(self, lines: list[tuple[Line, float, float]], size: float) -> None:
        """Draw ``(line, x, baseline_y)`` triples, all in one font size."""
        ops: list[str] = ["BT"]
        for line, x, y in lines:
            ops.append(f"1 0 0 1 {_fmt(x + line.indent)} {_fmt(y)} Tm")
            cur_res, cur_rise = "", 0.0
            for piece in line.pieces:
                for res, rise, body, actual in self._piece_groups(piece):
                    if res != cur_res:
                        ops.append(f"{res} {_fmt(size)} Tf")
                        cur_res = res
                    if rise != cur_rise:
                        ops.append(f"{_fmt(rise * size / 1000)} Ts")
                        cur_rise = rise
                    if actual:
                        ops.append(f"/Span <</ActualText {_actual_text(actual)}>> BDC "
                                   f"[{body}] TJ EMC")
                    else:
                        ops.append(f"[{body}] TJ")
            if cur_rise:
                ops.append("0 Ts")
        ops.append("ET")
        self.canvas._code.append("\n".join(ops))
