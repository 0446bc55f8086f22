"""Charts as plain data: what to draw, where, in what colour — no Qt, no PDF.

A ``Chart`` is a list of boxes, rules and labels in its own units (points for the PDF, pixels
in the window; the y axis points down). ``core.render.charts`` draws one with ReportLab (vector,
Thai labels shaped by the renderer's HarfBuzz machinery) and ``gui.charts`` paints one with
QPainter, so the window and the print show the same picture from the same code.

Why no chart library: QtCharts (PySide6-Addons) would add the Addons wheel — well over 100 MB
unpacked, most of it unrelated modules — to a PyInstaller build for clerks' modest PCs, and it
could not draw the PDF anyway; ReportLab's ``graphics`` charts draw their labels with plain
font strings, which do not shape Thai marks the way the report's text does. Bars, a grid of
cells and a dashed line are a few dozen lines; drawing them ourselves keeps one look for
screen and paper.

Black-and-white print: every value is printed as a number, bars under the pass mark are dark
and hatched, bars at or above it light and plain, and the heat-map bands are a sequential
palette (ColorBrewer YlOrRd) whose lightness falls steadily from band to band, so they stay in
order as greys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..framework.definition import Framework
from ..report.below_pass import answered
from ..report.model import Report
from ..report.scoresheet import indicator_score, mean
from ..text import thai

RGB = tuple[float, float, float]
Align = Literal["left", "center", "right"]

BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)
GRID: RGB = (0.55, 0.55, 0.55)
PASS_FILL: RGB = (0.62, 0.79, 0.88)  # light blue: at or above the pass mark
WEAK_FILL: RGB = (0.85, 0.37, 0.05)  # dark orange, hatched: under the pass mark
DONE_FILL: RGB = (0.19, 0.51, 0.74)  # items under the pass mark that have measures
TODO_FILL: RGB = (0.99, 0.68, 0.42)  # ... that have none (hatched)
# ITA grade bands (lower bound, grade) with ColorBrewer YlOrRd-7, light = good
BANDS: tuple[tuple[int, str, RGB], ...] = (
    (95, "AA", (1.0, 1.0, 0.70)), (85, "A", (1.0, 0.85, 0.46)), (75, "B", (1.0, 0.70, 0.30)),
    (65, "C", (0.99, 0.55, 0.24)), (55, "D", (0.99, 0.31, 0.16)), (50, "E", (0.89, 0.10, 0.11)),
    (0, "F", (0.69, 0.0, 0.15)))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: RGB | None = None
    hatch: bool = False  # diagonal lines over the fill (readable without colour)
    stroke: float = 0.0  # border width; 0: none


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6
    dash: bool = False
    colour: RGB = BLACK


@dataclass(frozen=True)
class Label:
    """Text in the box (x, y, w) from its top; one line (cut when too long)."""

    x: float
    y: float
    w: float
    text: str
    size: float
    bold: bool = False
    align: Align = "left"
    colour: RGB = BLACK


Shape = Box | Rule | Label


@dataclass
class Chart:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)

    def labels(self) -> list[str]:
        return [s.text for s in self.shapes if isinstance(s, Label)]


def _with_halo(label: Label) -> list[Shape]:
    """A value label on a white patch, so a grid or pass-mark line behind it does not cross
    its digits. The patch width is estimated (digits are under 0.62 em in Sarabun): the core
    measures no text, and a slightly wide patch only hides a little more line."""
    width = len(label.text) * label.size * 0.62 + 3
    if label.align == "center":
        x = label.x + (label.w - width) / 2
    elif label.align == "right":
        x = label.x + label.w - width
    else:
        x = label.x - 1
    return [Box(x, label.y + label.size * 0.25, width, label.size * 1.05, WHITE), label]


def band(score: Decimal) -> tuple[str, RGB]:
    for low, grade, colour in BANDS:
        if score >= low:
            return grade, colour
    return BANDS[-1][1], BANDS[-1][2]


def text_colour(fill: RGB) -> RGB:
    """Black or white, whichever reads better on ``fill`` (relative luminance)."""
    lum = 0.2126 * fill[0] + 0.7152 * fill[1] + 0.0722 * fill[2]
    return WHITE if lum < 0.45 else BLACK


def _num(value: Decimal | int | str, digits: str) -> str:
    text = f"{value:.2f}" if isinstance(value, Decimal) else str(value)
    return thai.digits(text, digits)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# ------------------------------------------------------------------ one report: item scores
def item_chart(report: Report, framework: Framework, *, width: float, digits: str | None = None,
               size: float = 9.0, panel_height: float | None = None) -> Chart:
    """The report's item scores against the pass mark: one panel per instrument, bars grouped
    by indicator (with the indicator's mean), the pass mark a dashed line."""
    digits = digits or report.digits
    sheet = report.scores
    pass_mark = framework.pass_mark
    chart = Chart(width, 0)
    add = chart.shapes.append
    panel_h = panel_height or size * 17
    y = 0.0
    axis_w = size * 3.2
    for instrument in framework.instruments:
        items = [it for ind in instrument.indicators for it in ind.items]
        heading = f"{instrument.name} ({instrument.code})"
        if instrument.code in sheet.instruments:
            heading += f" — คะแนน {_num(sheet.instruments[instrument.code], digits)}"
        add(Label(0, y, width, heading, size * 1.1, bold=True))
        y += size * 2.0
        top, plot_h = y + size * 1.4, panel_h - size * 5.6
        base = top + plot_h
        left = axis_w
        gaps = len(instrument.indicators) - 1
        right = width - size * 5.5  # room for the pass-mark label after the plot
        slot = (right - left) / (len(items) + gaps * 0.6)
        for tick in (0, 50, 100):
            ty = base - plot_h * tick / 100
            add(Rule(left, ty, right, ty, 0.3, colour=GRID))
            add(Label(0, ty - size * 0.7, axis_w - size * 0.4, thai.digits(str(tick), digits),
                      size * 0.8, align="right"))
        py = base - plot_h * float(pass_mark) / 100
        x = left
        values: list[Label] = []  # drawn last, over the pass-mark line
        for n, indicator in enumerate(instrument.indicators):
            if n:
                x += slot * 0.6
            start = x
            for item in indicator.items:
                score = sheet.items.get(item.code)
                if score is not None:
                    h = plot_h * float(score) / 100
                    weak = score < pass_mark
                    add(Box(x + slot * 0.12, base - h, slot * 0.76, h,
                            WEAK_FILL if weak else PASS_FILL, hatch=weak, stroke=0.4))
                    value = _num(score, digits)
                    if slot < size * 1.9:  # narrow bars: the value without decimals
                        value = thai.digits(str(int(score.to_integral_value())), digits)
                    values.append(Label(x - slot * 0.2, base - h - size * 1.35, slot * 1.4,
                                        value, size * 0.72, align="center"))
                add(Label(x - slot * 0.2, base + size * 0.15, slot * 1.4,
                          thai.digits(item.code.upper(), digits), size * 0.72, align="center"))
                x += slot
            score = indicator_score(sheet, [it.code for it in indicator.items])
            label = f"ตัวชี้วัดที่ {thai.digits(str(indicator.number), digits)}"
            if score is not None:
                label += f" (เฉลี่ย {_num(score, digits)})"
            add(Rule(start, base + size * 1.45, x, base + size * 1.45, 0.4, colour=GRID))
            add(Label(start, base + size * 1.6, x - start, label, size * 0.78, align="center"))
        add(Rule(left, py, right, py, 1.0, dash=True))
        add(Label(right + size * 0.3, py - size * 0.95, width - right - size * 0.3,
                  f"เกณฑ์ผ่าน {thai.digits(_plain(pass_mark), digits)}", size * 0.8, bold=True))
        add(Rule(left, base, right, base, 0.6))
        for value_label in values:
            chart.shapes.extend(_with_halo(value_label))
        y = base + size * 3.4
    legend(chart, y, size, digits, pass_mark)
    chart.height = y + size * 2.2
    return chart


def legend(chart: Chart, y: float, size: float, digits: str, pass_mark: Decimal) -> None:
    add = chart.shapes.append
    mark = thai.digits(_plain(pass_mark), digits)
    x = 0.0
    for fill, hatch, text in ((PASS_FILL, False, f"ถึงเกณฑ์ผ่าน ({mark} ขึ้นไป)"),
                              (WEAK_FILL, True, f"ต่ำกว่าเกณฑ์ผ่าน {mark}")):
        add(Box(x, y + size * 0.2, size * 1.6, size, fill, hatch=hatch, stroke=0.4))
        add(Label(x + size * 2.0, y, size * 16, text, size * 0.85))
        x += size * 18


# ------------------------------------------------------------------ consolidation
@dataclass(frozen=True)
class OfficeScores:
    """What the consolidation charts show of one office."""

    agency: str
    indicators: dict[int, Decimal | None]
    overall: Decimal | None
    overall_is_mean: bool  # no overall score on the sheet: the mean of the item scores
    weak_items: int  # items under the pass mark
    weak_with_measures: int  # ... answered by an entry with measures


def office_scores(report: Report, framework: Framework | None) -> OfficeScores:
    sheet = report.scores
    indicators: dict[int, Decimal | None] = {}
    weak = done = 0
    if framework is not None:
        for instrument in framework.instruments:
            for indicator in instrument.indicators:
                indicators[indicator.number] = indicator_score(
                    sheet, [it.code for it in indicator.items])
        measured = {code for code, entries in answered(report, framework).items()
                    if any(m.strip() for e in entries for m in e.measures)}
        for item in framework.items():
            score = sheet.items.get(item.code)
            if score is not None and score < framework.pass_mark:
                weak += 1
                done += item.code in measured
    overall, is_mean = sheet.overall, False
    if overall is None and sheet.items:
        overall, is_mean = mean(list(sheet.items.values())), True
    return OfficeScores(report.agency, indicators, overall, is_mean, weak, done)


def _name_col(width: float) -> float:
    return min(width * 0.3, 260.0)


def heatmap(offices: Sequence[OfficeScores], indicators: Sequence[int], *, width: float,
            digits: str = "thai", size: float = 9.0, legend_rows: bool = True) -> Chart:
    """Offices (rows) × indicators (columns), each cell coloured by ITA grade band, its value
    printed; '–' where the office's sheet has no score for the indicator."""
    chart = Chart(width, 0)
    add = chart.shapes.append
    name_w = _name_col(width)
    cell_w = (width - name_w) / max(1, len(indicators))
    row_h = size * 2.0
    add(Label(0, size * 0.4, name_w - 4, "หน่วยงาน", size, bold=True))
    for n, number in enumerate(indicators):
        add(Label(name_w + n * cell_w, size * 0.4, cell_w,
                  f"ตัวชี้วัด {thai.digits(str(number), digits)}", size * 0.85, bold=True,
                  align="center"))
    y = row_h
    for office in offices:
        add(Label(0, y + size * 0.4, name_w - 4, office.agency, size))
        for n, number in enumerate(indicators):
            x = name_w + n * cell_w
            score = office.indicators.get(number)
            if score is None:
                add(Box(x, y, cell_w, row_h, WHITE, stroke=0.3))
                add(Label(x, y + size * 0.4, cell_w, "–", size, align="center", colour=GRID))
                continue
            _, fill = band(score)
            add(Box(x, y, cell_w, row_h, fill, stroke=0.3))
            add(Label(x, y + size * 0.4, cell_w, _num(score, digits), size, align="center",
                      colour=text_colour(fill)))
        y += row_h
    if legend_rows:
        y += size * 0.8
        x = 0.0
        for low, grade, fill in BANDS:
            add(Box(x, y, size * 2.6, size * 1.6, fill, stroke=0.3))
            add(Label(x, y + size * 0.2, size * 2.6, grade, size * 0.85, bold=True,
                      align="center", colour=text_colour(fill)))
            add(Label(x + size * 2.8, y + size * 0.2, size * 5, f"≥ {thai.digits(str(low), digits)}"
                      if low else f"< {thai.digits('50', digits)}", size * 0.85))
            x += size * 8
        y += size * 2.0
    chart.height = y
    return chart


def overall_bars(offices: Sequence[OfficeScores], pass_mark: Decimal, *, width: float,
                 digits: str = "thai", size: float = 9.0) -> Chart:
    """Each office's overall score as a bar, the pass mark drawn as a dashed line."""
    chart = Chart(width, 0)
    add = chart.shapes.append
    name_w = _name_col(width)
    plot_w = width - name_w - size * 5
    row_h = size * 1.9
    y = size * 1.6
    scale_x = name_w
    for tick in (0, 50, 100):
        tx = scale_x + plot_w * tick / 100
        add(Label(tx - size * 2, 0, size * 4, thai.digits(str(tick), digits), size * 0.8,
                  align="center"))
    any_mean = False
    values: list[Label] = []  # drawn last, over the pass-mark line
    for office in offices:
        add(Label(0, y + size * 0.3, name_w - 4, office.agency, size))
        if office.overall is None:
            add(Label(name_w + 4, y + size * 0.3, size * 12, "– ไม่มีคะแนน", size * 0.85,
                      colour=GRID))
        else:
            weak = office.overall < pass_mark
            w = plot_w * float(office.overall) / 100
            add(Box(name_w, y + row_h * 0.15, w, row_h * 0.7, WEAK_FILL if weak else PASS_FILL,
                    hatch=weak, stroke=0.4))
            star = "*" if office.overall_is_mean else ""
            any_mean = any_mean or office.overall_is_mean
            values.append(Label(name_w + w + 3, y + size * 0.3, size * 5,
                                _num(office.overall, digits) + star, size * 0.85))
        y += row_h
    px = scale_x + plot_w * float(pass_mark) / 100
    add(Rule(name_w, size * 1.5, name_w, y, 0.6))
    add(Rule(px, size * 1.2, px, y + size * 0.3, 1.0, dash=True))
    for value_label in values:
        chart.shapes.extend(_with_halo(value_label))
    add(Label(px - size * 8, y + size * 0.4, size * 16,
              f"เกณฑ์ผ่าน {thai.digits(_plain(pass_mark), digits)}", size * 0.85, bold=True,
              align="center"))
    y += size * 2.0
    if any_mean:
        add(Label(0, y, width, "* ไม่มีคะแนนรวมในผลการประเมิน: ใช้ค่าเฉลี่ยของคะแนนรายข้อ",
                  size * 0.8))
        y += size * 1.8
    chart.height = y
    return chart


def measures_bars(offices: Sequence[OfficeScores], *, width: float, digits: str = "thai",
                  size: float = 9.0) -> Chart:
    """Per office: of the items under the pass mark, how many have measures (solid) and how
    many not yet (hatched), with the counts printed."""
    chart = Chart(width, 0)
    add = chart.shapes.append
    name_w = _name_col(width)
    plot_w = width - name_w - size * 9
    most = max((o.weak_items for o in offices), default=0) or 1
    row_h = size * 1.9
    y = 0.0
    for office in offices:
        add(Label(0, y + size * 0.3, name_w - 4, office.agency, size))
        done, todo = office.weak_with_measures, office.weak_items - office.weak_with_measures
        w_done = plot_w * done / most
        w_todo = plot_w * todo / most
        if done:
            add(Box(name_w, y + row_h * 0.15, w_done, row_h * 0.7, DONE_FILL, stroke=0.4))
        if todo:
            add(Box(name_w + w_done, y + row_h * 0.15, w_todo, row_h * 0.7, TODO_FILL,
                    hatch=True, stroke=0.4))
        text = (f"{thai.digits(str(done), digits)}/{thai.digits(str(office.weak_items), digits)}"
                if office.weak_items else "ไม่มีข้อต่ำกว่าเกณฑ์")
        add(Label(name_w + w_done + w_todo + 3, y + size * 0.3, size * 9, text, size * 0.85))
        y += row_h
    add(Rule(name_w, 0, name_w, y, 0.6))
    y += size * 0.6
    x = 0.0
    for fill, hatch, text in ((DONE_FILL, False, "มีมาตรการแล้ว"), (TODO_FILL, True, "ยังไม่มีมาตรการ")):
        add(Box(x, y + size * 0.2, size * 1.6, size, fill, hatch=hatch, stroke=0.4))
        add(Label(x + size * 2.0, y, size * 14, text, size * 0.85))
        x += size * 14
    chart.height = y + size * 1.8
    return chart


def indicator_numbers(framework: Framework | None) -> list[int]:
    if framework is None:
        return []
    return [ind.number for ins in framework.instruments for ind in ins.indicators]
