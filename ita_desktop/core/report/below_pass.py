"""Items under the pass mark: which ones the report answers, and the entries still missing.

The pass mark is the framework's ``pass_mark`` (85 unless a form file says otherwise); an item
is under it when its result-sheet score is strictly lower. An entry answers an item when its
code is the item or a range that contains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..framework.definition import Framework
from .model import Entry, Report


@dataclass(frozen=True)
class ItemStatus:
    """One framework item as ``ita scores list`` shows it."""

    item: str
    instrument: str
    indicator: int
    score: Decimal | None
    below_pass: bool
    has_entry: bool

    def as_json(self) -> dict[str, object]:
        return {"item": self.item, "instrument": self.instrument, "indicator": self.indicator,
                "score": None if self.score is None else float(self.score),
                "below_pass": self.below_pass, "has_entry": self.has_entry}


def covered_codes(item: str, framework: Framework | None) -> list[str]:
    """The item codes an entry's code answers (a range expanded)."""
    first, _, last = item.partition("-")
    if not last:
        return [first]
    if framework is not None:
        covered = [it.code for it in framework.items_in_range(first, last)]
        if covered:
            return covered
    prefix = first[:1]
    if prefix == last[:1] and first[1:].isdigit() and last[1:].isdigit():
        return [f"{prefix}{n}" for n in range(int(first[1:]), int(last[1:]) + 1)]
    return [first, last]


def answered(report: Report, framework: Framework | None) -> dict[str, list[Entry]]:
    """Item code -> the entries answering it."""
    out: dict[str, list[Entry]] = {}
    for entry in report.entries:
        if entry.item:
            for code in covered_codes(entry.item, framework):
                out.setdefault(code, []).append(entry)
    return out


def item_statuses(report: Report, framework: Framework) -> list[ItemStatus]:
    """Every item of the framework, in order, with its score and whether an entry answers it."""
    done = answered(report, framework)
    out = []
    for item in framework.items():
        score = report.scores.items.get(item.code)
        out.append(ItemStatus(item.code, item.instrument, item.indicator, score,
                              score is not None and score < framework.pass_mark,
                              item.code in done))
    return out


def missing_entries(report: Report, framework: Framework) -> list[Entry]:
    """New entries for the items under the pass mark that no entry answers, in framework
    order, with the item's score and wording."""
    out = []
    for status in item_statuses(report, framework):
        if status.below_pass and not status.has_entry:
            item = framework.item(status.item)
            assert item is not None
            out.append(Entry(item=item.code, instrument=item.instrument, indicator=item.indicator,
                             item_text=item.text, score=status.score))
    return out
