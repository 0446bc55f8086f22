"""Moving a report to a newer framework version (core/workflow/reframe.py): the preview says
what happens to each entry and score; renamed items follow; gone items are kept until the
clerk decides; every refusal leaves the report exactly as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_desktop.core.base.errors import FormError, ReportLockedError, ValidationError
from ita_desktop.core.store import Store
from ita_desktop.core.workflow import reframe
from ita_desktop.core.workflow.finalise import finalise_report
from ita_desktop.core.workflow.reframe import (
    DROP,
    KEEP,
    apply_reframe,
    decide_all,
    decide_code,
    plan_reframe,
)
from tests.reframe_fixtures import install_versions, sample_report


@pytest.fixture
def report_id(store: Store) -> int:
    install_versions()
    return store.create_report(sample_report())


def snapshot(store: Store, report_id: int) -> tuple[object, ...]:
    report = store.get_report(report_id)
    log = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return (report.framework, report.updated_at, [vars(e) for e in report.entries],
            report.scores, log)


def by_code(store: Store, report_id: int) -> dict[str, object]:
    return {e.code_label: e for e in store.get_report(report_id).entries}


def test_the_plan_says_what_happens_to_each_entry_and_score(store: Store, report_id: int
                                                           ) -> None:
    before = snapshot(store, report_id)
    plan = plan_reframe(store, report_id, "ita-2570.2")
    status = {row.old_code: (row.status, row.new_item) for row in plan.entries}
    assert status == {"I1": ("kept", "i1"), "I2": ("reworded", "i2"), "O2": ("gone", None),
                      "O3": ("renamed", "o2"), "O1 - O4": ("renamed", "o1-o3"),
                      "งานของสำนักงานเอง": ("kept", None)}
    i2 = next(row for row in plan.entries if row.old_code == "I2")
    assert (i2.old_text, i2.new_text, i2.text_follows) == ("ข้อสอง", "ข้อสองฉบับปรับปรุง", True)
    scores = {row.key: (row.status, row.new_code) for row in plan.scores}
    assert scores["score:item:o3"] == ("renamed", "o2")
    assert scores["score:item:o2"] == ("gone", None)
    assert scores["score:instrument:IIT"] == ("kept", "IIT")
    assert [row.key for row in plan.gone] == [f"entry:{by_code(store, report_id)['O2'].id}",
                                             "score:item:o2"]
    assert plan.counts() == {"kept": 2, "reworded": 1, "renamed": 2, "gone": 1}
    assert snapshot(store, report_id) == before  # a plan changes nothing


def test_gone_items_without_the_clerks_decision_are_refused(store: Store, report_id: int
                                                           ) -> None:
    before = snapshot(store, report_id)
    with pytest.raises(ValidationError, match="O2") as refused:
        apply_reframe(store, report_id, "ita-2570.2")
    assert "nothing was changed" in (refused.value.english or "")
    # a decision for the entry only: the score of O2 is still undecided
    plan = plan_reframe(store, report_id, "ita-2570.2")
    only_entry = {plan.gone[0].key: KEEP}
    with pytest.raises(ValidationError, match="คะแนน O2"):
        apply_reframe(store, report_id, "ita-2570.2", only_entry)
    assert snapshot(store, report_id) == before


def test_renamed_items_follow_and_a_kept_gone_entry_loses_nothing(store: Store,
                                                                  report_id: int) -> None:
    gone_entry = by_code(store, report_id)["O2"]
    plan = plan_reframe(store, report_id, "ita-2570.2")
    decisions = {**decide_all(plan, KEEP), "score:item:o2": DROP}
    result = apply_reframe(store, report_id, "ita-2570.2", decisions, expected=plan)
    assert (result.dropped, result.kept_own, result.scores_dropped) == (0, 1, 1)
    report = store.get_report(report_id)
    assert report.framework == "ita-2570.2"
    assert len(report.entries) == 6  # every entry kept
    entries = by_code(store, report_id)
    kept = entries["O2 (ita-2570)"]  # the office's own row now, marked with its old code
    assert (kept.item, kept.instrument, kept.indicator) == (None, "OIT", 9)
    assert (kept.item_text, kept.issue, kept.measures, kept.result) == (
        gone_entry.item_text, gone_entry.issue, gone_entry.measures, gone_entry.result)
    assert entries["O2"].issue == "ประเด็น o3"  # old o3 is now o2
    assert entries["O1 - O3"].issue == "เผยแพร่ข้อมูล"
    assert entries["I2"].item_text == "ข้อสองฉบับปรับปรุง"  # was the framework's wording
    assert [e.position for e in report.entries] == list(range(6))
    assert report.scores.items == {"i1": Decimal("80.00"), "i2": Decimal("70.00"),
                                   "o2": Decimal("60.00")}
    assert report.scores.instruments == {"IIT": Decimal("75.00")}
    assert report.scores.overall == Decimal("72.00")
    events = store.history(report_id)
    moved = [e for e in events if e.action == "report-reframed"]
    assert [(e.old_value, e.new_value) for e in moved] == [("ita-2570", "ita-2570.2")]
    assert '"kept_own": 1' in moved[0].origin
    assert [(e.field, e.old_value) for e in events if e.action == "score-dropped"] == [
        ("o2", "50.00")]
    # the moved report passes the checks against its new framework (no unknown item)
    from ita_desktop.core.framework.catalog import load_framework
    from ita_desktop.core.workflow.finalise import check_report
    assert not [p for p in check_report(report, load_framework("ita-2570.2"))
                if p.field == "item" and p.is_error]


def test_drop_with_consent_deletes_and_the_history_keeps_the_entry(store: Store,
                                                                   report_id: int) -> None:
    plan = plan_reframe(store, report_id, "ita-2570.2")
    result = apply_reframe(store, report_id, "ita-2570.2", decide_all(plan, DROP))
    assert (result.dropped, result.scores_dropped) == (1, 1)
    assert "O2 (ita-2570)" not in by_code(store, report_id)
    assert len(store.get_report(report_id).entries) == 5
    deleted = [e for e in store.history(report_id) if e.action == "entry-deleted"]
    assert len(deleted) == 1 and "ถ้อยคำของสำนักงานเอง" in (deleted[0].old_value or "")
    # the result sheet rewritten under the new codes is one event, not a removed + added pair
    # per score; the score let go has its own
    actions = [e.action for e in store.history(report_id)]
    assert actions.count("score-dropped") == 1 and actions.count("report-reframed") == 1
    assert "score-removed" not in actions and "score-added" not in actions


def test_a_gone_item_mapped_to_another_code(store: Store, report_id: int) -> None:
    plan = plan_reframe(store, report_id, "ita-2570.2")
    decisions = decide_code(plan, "O2", "o3")  # the entry and its score
    assert set(decisions) == {row.key for row in plan.gone}
    result = apply_reframe(store, report_id, "ita-2570.2", decisions)
    assert result.mapped == 2
    mapped = [e for e in store.get_report(report_id).entries if e.issue == "ประเด็น o2"][0]
    assert (mapped.item, mapped.item_text) == ("o3", "ถ้อยคำของสำนักงานเอง")
    assert store.get_scores(report_id).items["o3"] == Decimal("50.00")


def test_refusals_change_nothing(store: Store, report_id: int) -> None:
    before = snapshot(store, report_id)
    plan = plan_reframe(store, report_id, "ita-2570.2")
    entry_key = plan.gone[0].key
    with pytest.raises(FormError, match="ita-2999"):
        plan_reframe(store, report_id, "ita-2999")
    with pytest.raises(FormError, match="ita-2999"):
        apply_reframe(store, report_id, "ita-2999", {})
    with pytest.raises(ValidationError, match="อยู่แล้ว"):
        apply_reframe(store, report_id, "ita-2570")
    with pytest.raises(ValidationError, match="o9"):  # map to a code the framework lacks
        apply_reframe(store, report_id, "ita-2570.2", {entry_key: "o9",
                                                       "score:item:o2": DROP})
    with pytest.raises(ValidationError, match="ไม่ต้องตัดสินใจ"):  # a decision for a kept row
        apply_reframe(store, report_id, "ita-2570.2",
                      {**decide_all(plan, DROP), plan.entries[0].key: DROP})
    with pytest.raises(ValidationError, match="คะแนน O2"):  # a score cannot be "kept"
        apply_reframe(store, report_id, "ita-2570.2", {entry_key: KEEP,
                                                       "score:item:o2": KEEP})
    with pytest.raises(ValidationError, match="O2 และ O3|O3 และ O2"):  # two scores, one item
        apply_reframe(store, report_id, "ita-2570.2", {entry_key: DROP,
                                                       "score:item:o2": "o2"})
    assert snapshot(store, report_id) == before


def test_a_stale_preview_is_refused(store: Store, report_id: int) -> None:
    plan = plan_reframe(store, report_id, "ita-2570.2")
    entry = by_code(store, report_id)["I1"]
    store.update_entry(entry.id, issue="แก้หลังดูตัวอย่าง")
    before = snapshot(store, report_id)
    with pytest.raises(ValidationError, match="ดูตัวอย่าง"):
        apply_reframe(store, report_id, "ita-2570.2", decide_all(plan, DROP), expected=plan)
    assert snapshot(store, report_id) == before


def test_a_final_report_is_refused(store: Store, report_id: int) -> None:
    finalise_report(store, report_id)
    before = snapshot(store, report_id)
    plan = plan_reframe(store, report_id, "ita-2570.2")
    with pytest.raises(ReportLockedError):
        apply_reframe(store, report_id, "ita-2570.2", decide_all(plan, DROP))
    assert snapshot(store, report_id) == before


def test_one_transaction_a_failure_half_way_leaves_the_report_as_it_was(
        store: Store, report_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(store, report_id)
    plan = plan_reframe(store, report_id, "ita-2570.2")
    calls = []
    real = Store.update_entry

    def failing(self: Store, entry_id: int, **fields: object):  # noqa: ANN202
        calls.append(entry_id)
        if len(calls) == 2:
            raise RuntimeError("a failure half way (simulated)")
        return real(self, entry_id, **fields)

    monkeypatch.setattr(Store, "update_entry", failing)
    with pytest.raises(RuntimeError):
        apply_reframe(store, report_id, "ita-2570.2", decide_all(plan, DROP))
    assert len(calls) == 2
    assert snapshot(store, report_id) == before


def test_a_backup_is_made_before_the_move_and_not_for_a_refusal(store: Store,
                                                                report_id: int) -> None:
    made: list[str] = []
    store.auto_backup = made.append
    with pytest.raises(ValidationError):
        apply_reframe(store, report_id, "ita-2570.2")
    assert made == []
    plan = plan_reframe(store, report_id, "ita-2570.2")
    apply_reframe(store, report_id, "ita-2570.2", decide_all(plan, DROP))
    assert made == ["reframe"]


def test_a_free_label_whose_indicator_is_gone_cannot_be_kept(store: Store) -> None:
    from ita_desktop.core.framework import catalog
    from tests.reframe_fixtures import NEW, form_text

    install_versions()
    text = form_text("ita-2570.3", NEW).replace("number: 9", "number: 10")
    catalog.install_form_text(text, "ita-2570.3")
    report_id = store.create_report(sample_report())
    plan = plan_reframe(store, report_id, "ita-2570.3")
    label = next(row for row in plan.entries if row.old_code == "งานของสำนักงานเอง")
    assert (label.status, label.can_keep) == ("gone", False)
    assert label.key not in decide_all(plan, KEEP)
    before = snapshot(store, report_id)
    with pytest.raises(ValidationError, match="เก็บไว้ไม่ได้"):
        apply_reframe(store, report_id, "ita-2570.3", {**decide_all(plan, DROP),
                                                       label.key: KEEP})
    assert snapshot(store, report_id) == before
    # mapped to an item instead: its label becomes the printed wording
    decisions = {**decide_all(plan, DROP), label.key: "o1"}
    apply_reframe(store, report_id, "ita-2570.3", decisions)
    moved = [e for e in store.get_report(report_id).entries if e.issue == "ประเด็นเอง"][0]
    assert (moved.item, moved.indicator, moved.item_text) == ("o1", 10, "งานของสำนักงานเอง")


def test_module_names_its_statuses() -> None:
    assert set(reframe.STATUS_TH) == set(reframe.STATUSES) == set(reframe.STATUS_EN)


def test_without_the_old_frameworks_file_the_entries_own_wording_is_compared(
        store: Store, report_id: int) -> None:
    from ita_desktop.core.base import paths

    (paths.user_forms_dir() / "ita-2570.yaml").unlink()  # the report's framework is gone
    plan = plan_reframe(store, report_id, "ita-2570.2")
    status = {row.old_code: row.status for row in plan.entries}
    assert status["I1"] == "kept"           # its wording is the new framework's
    assert status["I2"] == "reworded"       # same code, other wording
    assert status["O3"] == "renamed"        # its own wording is now under o2
    assert status["O2"] == "gone"           # o2 now holds what the O3 entry answered
    scores = {row.code: (row.status, row.new_code) for row in plan.scores}
    assert scores["o3"] == ("renamed", "o2")  # the score follows its entry
    result = apply_reframe(store, report_id, "ita-2570.2", {
        **decide_all(plan, KEEP), **{row.key: DROP for row in plan.gone
                                     if not row.key.startswith("entry:")}})
    assert store.get_report(report_id).framework == "ita-2570.2"
    assert len(store.get_report(report_id).entries) == 6 and result.dropped == 0
