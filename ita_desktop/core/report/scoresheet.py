"""The agency's ITA result sheet as data: a score for every item, the instrument scores and the
overall score (each optional), and what follows from it (indicator means, items under the pass
mark).

A score is a ``Decimal`` with two decimals, 0–100. Keys are ``(kind, code)``: ``("item", "i8")``,
``("instrument", "IIT")`` and ``("overall", "")``. No Qt, no database: the store saves a sheet,
``score_import`` reads one from pasted text or a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

ScoreKind = Literal["item", "instrument", "overall"]
ScoreKey = tuple[str, str]  # (kind, code)
KINDS: tuple[str, ...] = ("item", "instrument", "overall")
OVERALL: ScoreKey = ("overall", "")


@dataclass
class ScoreSheet:
    """The result sheet of one report. Missing keys mean "not known"."""

    items: dict[str, Decimal] = field(default_factory=dict)
    instruments: dict[str, Decimal] = field(default_factory=dict)
    overall: Decimal | None = None

    def is_empty(self) -> bool:
        return not self.items and not self.instruments and self.overall is None

    def get(self, key: ScoreKey) -> Decimal | None:
        kind, code = key
        if kind == "item":
            return self.items.get(code)
        if kind == "instrument":
            return self.instruments.get(code)
        return self.overall

    def values(self) -> Iterator[tuple[ScoreKey, Decimal]]:
        """Every known score as ((kind, code), score)."""
        for code, score in self.items.items():
            yield ("item", code), score
        for code, score in self.instruments.items():
            yield ("instrument", code), score
        if self.overall is not None:
            yield OVERALL, self.overall

    def with_values(self, values: dict[ScoreKey, Decimal | None]) -> ScoreSheet:
        """A copy with ``values`` set (None removes a score)."""
        out = ScoreSheet(dict(self.items), dict(self.instruments), self.overall)
        for (kind, code), score in values.items():
            if kind == "overall":
                out.overall = score
                continue
            target = out.items if kind == "item" else out.instruments
            if score is None:
                target.pop(code, None)
            else:
                target[code] = score
        return out


def mean(scores: list[Decimal]) -> Decimal | None:
    """The mean with two decimals (half up, as the result sheets round), None for no scores."""
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def indicator_score(sheet: ScoreSheet, item_codes: list[str]) -> Decimal | None:
    """An indicator's score as the mean of its known item scores. The official sheet's
    indicator score is weighted by the NACC; the mean is what the app can know from the items,
    and it is labelled as a mean wherever it is shown."""
    return mean([sheet.items[c] for c in item_codes if c in sheet.items])
