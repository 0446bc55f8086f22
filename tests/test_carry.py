"""Carry forward: 6 → 12 months (everything copied), this year → next year (measures kept)."""

from __future__ import annotations

import pytest

from ita_desktop.core.base.errors import ValidationError
from ita_desktop.core.workflow.carry import carry_to_12_months, carry_to_next_year
from ita_desktop.core.workflow.demo import create_demo


def test_12_months_copies_every_entry(store) -> None:
    six = store.get_report(create_demo(store))
    result = carry_to_12_months(store, six.id)
    twelve = store.get_report(result.report_id)
    assert twelve.round.kind == "12m" and twelve.fiscal_year == 2567
    assert str(twelve.round.end) == "2024-09-30"
    assert twelve.uuid != six.uuid and twelve.status == "draft"
    strip = [(e.item, e.item_text, e.score, e.issue, e.measures, e.result,
              [(p.sha256, p.caption) for p in e.photos]) for e in six.entries]
    assert [(e.item, e.item_text, e.score, e.issue, e.measures, e.result,
             [(p.sha256, p.caption) for p in e.photos]) for e in twelve.entries] == strip
    # the copies are independent: editing the new report leaves the old one alone
    store.update_entry(twelve.entries[0].id, result="ผลรอบ ๑๒ เดือน")
    assert store.get_report(six.id).entries[0].result == six.entries[0].result


def test_12_months_from_a_12_month_report_is_refused(store) -> None:
    six = create_demo(store)
    twelve = carry_to_12_months(store, six).report_id
    with pytest.raises(ValidationError, match="๑๒ เดือน"):
        carry_to_12_months(store, twelve)


def test_next_year_keeps_measures_and_clears_results(store) -> None:
    old = store.get_report(create_demo(store))
    result = carry_to_next_year(store, old.id)
    new = store.get_report(result.report_id)
    assert (new.fiscal_year, new.round.kind, new.framework) == (2568, "6m", "ita-2568")
    assert str(new.round.start) == "2024-10-01"
    carried = {e.item or e.label: e for e in new.entries}
    for entry in old.entries:
        match = carried.get(entry.item) or next(
            e for e in new.entries if e.label and e.label.startswith(entry.code_label))
        assert match.measures == entry.measures and match.issue == entry.issue
        assert match.score is None and match.result == "" and match.photos == []
    assert result.notes == []  # every demo item exists in 2568


def test_items_missing_next_year_become_labelled_rows(store) -> None:
    from ita_desktop.core.report.model import Entry

    old = create_demo(store)
    store.add_entry(old, Entry(item="o30", issue="แผนป้องกันการทุจริต", measures=["จัดทำแผน"]))
    result = carry_to_next_year(store, old)
    new = store.get_report(result.report_id)
    [row] = [e for e in new.entries if e.label]
    assert row.label.startswith("O30 ") and row.measures == ["จัดทำแผน"]
    assert row.instrument == "OIT" and row.indicator == 10
    assert len(result.notes) == 1 and "O30" in result.notes[0] and "ita-2568" in result.notes[0]


def test_next_year_with_the_same_framework(store) -> None:
    old = create_demo(store)
    new = store.get_report(carry_to_next_year(store, old, framework_id="ita-2567").report_id)
    assert new.fiscal_year == 2568 and new.framework == "ita-2567"
    assert [e.item for e in new.entries] == [e.item for e in store.get_report(old).entries]
