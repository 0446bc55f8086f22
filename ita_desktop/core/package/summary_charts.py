"""The consolidation charts' data: each sent office's result sheet as ``charts.OfficeScores``.

Reads the reports one at a time (entries without photos' pixels), so memory stays bounded by
one report plus one small record per office.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..framework.catalog import try_load_framework
from ..report.model import PASS_MARK
from ..scores.charts import OfficeScores, indicator_numbers, office_scores
from ..store import Store
from .consolidate import Summary


@dataclass(frozen=True)
class ConsolidationCharts:
    offices: list[OfficeScores]
    indicators: list[int]
    pass_mark: Decimal
    digits: str

    @property
    def has_scores(self) -> bool:
        """False when no office sent a result sheet (the charts would be empty)."""
        return any(o.overall is not None or o.weak_items for o in self.offices)


def consolidation_charts(store: Store, summary: Summary) -> ConsolidationCharts:
    offices: list[OfficeScores] = []
    indicators: list[int] = []
    pass_mark: Decimal | None = None
    digits = ""
    for office in summary.sent:
        if office.report_id is None:
            continue
        report = store.get_report(office.report_id)
        framework = try_load_framework(report.framework)
        offices.append(office_scores(report, framework))
        for number in indicator_numbers(framework):
            if number not in indicators:
                indicators.append(number)
        if pass_mark is None and framework is not None:
            pass_mark = framework.pass_mark
        digits = digits or report.digits
    return ConsolidationCharts(offices, sorted(indicators), pass_mark or PASS_MARK,
                               digits or "thai")


def chart_pages(store: Store, summary: Summary) -> bytes | None:
    """The chart pages of the consolidated PDF, or None when no office has a result sheet."""
    from ..render.charts import charts_pdf

    data = consolidation_charts(store, summary)
    if not data.has_scores:
        return None
    return charts_pdf(data.offices, data.indicators, data.pass_mark, digits=data.digits)
