"""Charts in the window: a core ``Chart`` (``core.charts``) painted with QPainter.

The chart is built by the core for the widget's width (one unit = one pixel) and rebuilt on
resize; this module only paints boxes, rules and labels. Why QPainter and not QtCharts: see
``core.charts`` (QtCharts would add PySide6-Addons, far larger than the whole app, and could not
give the PDF the same picture).
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.package.consolidate import Summary
from ...core.package.summary_charts import ConsolidationCharts, consolidation_charts
from ...core.scores.charts import Box, Chart, Label, Rule, heatmap, measures_bars, overall_bars
from ..i18n import _
from ..qt import (
    QBrush,
    QColor,
    QFont,
    QLabel,
    QPainter,
    QPaintEvent,
    QPen,
    QRectF,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading

Builder = Callable[[float, float], Chart | None]  # (width, base font size) -> chart


def _colour(rgb: tuple[float, float, float]) -> QColor:
    return QColor.fromRgbF(*rgb)


def paint_chart(painter: QPainter, chart: Chart, font: QFont) -> None:
    """Paint ``chart`` with its origin at the painter's origin."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    for shape in chart.shapes:
        if isinstance(shape, Box):
            rect = QRectF(shape.x, shape.y, shape.w, shape.h)
            if shape.fill is not None:
                painter.fillRect(rect, _colour(shape.fill))
            if shape.hatch:
                painter.fillRect(rect, QBrush(QColor(0, 0, 0, 150), Qt.BrushStyle.BDiagPattern))
            if shape.stroke:
                painter.setPen(QPen(QColor(0, 0, 0), shape.stroke))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
        elif isinstance(shape, Rule):
            pen = QPen(_colour(shape.colour), shape.width)
            if shape.dash:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QRectF(shape.x1, shape.y1, 0, 0).topLeft(),
                             QRectF(shape.x2, shape.y2, 0, 0).topLeft())
        elif isinstance(shape, Label):
            _label(painter, shape, font)


def _label(painter: QPainter, label: Label, base: QFont) -> None:
    font = QFont(base)
    font.setPixelSize(max(7, round(label.size)))
    font.setBold(label.bold)
    painter.setFont(font)
    painter.setPen(_colour(label.colour))
    align = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
             "right": Qt.AlignmentFlag.AlignRight}[label.align]
    metrics = painter.fontMetrics()
    text = metrics.elidedText(label.text, Qt.TextElideMode.ElideRight, max(1, int(label.w)))
    rect = QRectF(label.x, label.y, label.w, label.size * 1.8)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop), text)


class ChartView(QWidget):
    """A chart that fills the width it is given; its height follows the chart."""

    def __init__(self, builder: Builder, parent: QWidget | None = None):
        super().__init__(parent)
        self._builder = builder
        self._chart: Chart | None = None
        self._built_for = -1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(pal)

    def set_builder(self, builder: Builder) -> None:
        self._builder = builder
        self.rebuild()

    def base_size(self) -> float:
        return max(11.0, self.font().pixelSize() if self.font().pixelSize() > 0
                   else self.fontMetrics().height() * 0.8)

    def rebuild(self) -> None:
        width = max(300.0, float(self.width()) - 16)
        self._chart = self._builder(width, self.base_size())
        self._built_for = float(self.width())
        height = int(self._chart.height) + 16 if self._chart is not None else 40
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.update()

    @property
    def chart(self) -> Chart | None:
        return self._chart

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().resizeEvent(event)
        if abs(self._built_for - self.width()) > 1:
            self.rebuild()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if self._chart is None:
            return
        painter = QPainter(self)
        try:
            painter.translate(8, 8)
            paint_chart(painter, self._chart, self.font())
        finally:
            painter.end()


class ConsolidationChartsPanel(QScrollArea):
    """The consolidation window's charts: offices × indicators (heat map), each office's overall
    score against the pass mark, and the items under the pass mark with measures per office.
    The data is read only when the panel is shown (``load``), on the window's worker thread."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cons-charts")
        self.setWidgetResizable(True)
        self.data: ConsolidationCharts | None = None
        self._pending: tuple[object, Summary, object] | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        self.note = QLabel(_("No office has sent a result sheet yet: the charts show the "
                             "scores of the result sheets in the reports."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.views: dict[str, ChartView] = {}
        for name, title in (
                ("heatmap", _("Score per indicator (mean of the item scores; colour by grade)")),
                ("overall", _("Overall score of each office against the pass mark")),
                ("measures", _("Items under the pass mark that have measures"))):
            layout.addWidget(heading(title, 1.05))
            view = ChartView(self._builder(name))
            view.setObjectName(f"cons-chart-{name}")
            self.views[name] = view
            layout.addWidget(view)
        layout.addStretch(1)
        self.setWidget(body)

    def _builder(self, name: str) -> Builder:
        def build(width: float, size: float) -> Chart | None:
            data = self.data
            if data is None or not data.offices:
                return None
            if name == "heatmap":
                return heatmap(data.offices, data.indicators, width=width, digits=data.digits,
                               size=size)
            if name == "overall":
                return overall_bars(data.offices, data.pass_mark, width=width,
                                    digits=data.digits, size=size)
            return measures_bars(data.offices, width=width, digits=data.digits, size=size)
        return build

    def set_data(self, data: ConsolidationCharts | None) -> None:
        self.data = data
        self.note.setVisible(data is None or not data.has_scores)
        for view in self.views.values():
            view.rebuild()

    def summary_changed(self, db: object, summary: Summary, runner: object) -> None:
        """A new summary: read the charts' data now if the panel is on screen, else later."""
        self._pending = (db, summary, runner)
        if self.isVisible():
            self._load()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().showEvent(event)
        if self._pending is not None:
            self._load()

    def _load(self) -> None:
        assert self._pending is not None
        db, summary, runner = self._pending
        self._pending = None

        def work(_progress: object = None) -> ConsolidationCharts:
            with db.opened() as store:  # type: ignore[attr-defined]
                return consolidation_charts(store, summary)

        if getattr(db, "threaded", False):
            runner.submit(work, done=self.set_data,  # type: ignore[attr-defined]
                          failed=lambda _failure: self.set_data(None))
        else:
            self.set_data(work())
