"""Moving a report to another framework (a newer version, ``ita-2570`` → ``ita-2570.2``), with a
preview of what happens to each entry and each result-sheet score.

``plan_reframe`` changes nothing: per entry and per score it says *kept* (same code, same
wording), *reworded* (same code; the wording or the indicator changed), *renamed* (the item's
wording is now under another code, e.g. after renumbering) or *gone* (the code is not in the
new framework). ``apply_reframe`` moves the report in one transaction, after a backup, and
refuses while any gone row has no decision from the clerk: ``keep`` (an entry stays as the
office's own row, same texts, measures, results and photos), a new code to map it to, or
``drop`` (deleted; the audit log keeps its content). Nothing is deleted without that word.
A final report is refused (reopen it first); so is a plan the report no longer matches.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ..base.errors import ReportLockedError, ValidationError
from ..framework.catalog import load_framework, try_load_framework
from ..framework.definition import Framework
from ..report.model import Entry, Report, normalise_item
from ..store import Change, Store, audit
from ..store import scores as _scores

Status = Literal["kept", "reworded", "renamed", "gone"]
STATUSES: tuple[Status, ...] = ("kept", "reworded", "renamed", "gone")
KEEP, DROP = "keep", "drop"  # a decision is one of these or the item code to map to

STATUS_TH = {"kept": "คงเดิม", "reworded": "ถ้อยคำหรือตัวชี้วัดเปลี่ยน",
             "renamed": "เปลี่ยนรหัสข้อ", "gone": "ไม่มีในกรอบใหม่"}
STATUS_EN = {"kept": "kept", "reworded": "reworded", "renamed": "renamed", "gone": "gone"}


@dataclass(frozen=True)
class EntryPlan:
    key: str                 # "entry:<id>": what a decision names
    entry_id: int
    old_code: str            # as the clerk sees it: "O27", "O1 - O22", a free label
    status: Status
    new_item: str | None     # the item (or range) after the move; None: a free label, or gone
    new_instrument: str
    new_indicator: int | None
    old_text: str            # the item's wording before (the old framework's, or the entry's)
    new_text: str            # the new framework's wording ("" for a range or a free label)
    text_follows: bool       # the printed wording was the framework's: it becomes the new one
    can_keep: bool           # gone: may stay as the office's own row (its indicator exists)


@dataclass(frozen=True)
class ScorePlan:
    key: str                 # "score:<kind>:<code>"
    kind: str
    code: str
    value: Decimal
    status: Status
    new_code: str | None


@dataclass(frozen=True)
class ReframePlan:
    report_id: int
    fingerprint: str         # the report as previewed: a later edit makes the plan stale
    old_framework: str
    new_framework: str
    report_year: int
    new_year: int
    entries: tuple[EntryPlan, ...]
    scores: tuple[ScorePlan, ...]

    @property
    def gone(self) -> list[EntryPlan | ScorePlan]:
        return [row for row in (*self.entries, *self.scores) if row.status == "gone"]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for row in self.entries:
            out[row.status] += 1
        return out

    @property
    def other_year(self) -> bool:
        return self.report_year != self.new_year


@dataclass(frozen=True)
class ReframeResult:
    change: Change
    plan: ReframePlan
    dropped: int             # entries deleted (with consent)
    kept_own: int            # gone entries kept as the office's own rows
    mapped: int              # gone rows mapped to another code
    scores_dropped: int


# ------------------------------------------------------------------------------ the plan
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Codes:
    """Where each code of the old framework goes in the new one."""

    def __init__(self, old: Framework | None, new: Framework, worded: dict[str, str]):
        """``worded``: item code -> an entry's wording, standing in for the old framework
        when its file is not available."""
        self.old, self.new = old, new
        self._by_text: dict[str, list[str]] = {}
        for item in new.items():
            self._by_text.setdefault(_norm(item.text), []).append(item.code)
        self._old_codes: dict[str, list[str]] = {}
        pairs = [(i.code, i.text) for i in old.items()] if old is not None else worded.items()
        for code, text in pairs:
            self._old_codes.setdefault(_norm(text), []).append(code)

    def wording(self, code: str, fallback: str = "") -> str:
        item = self.old.item(code) if self.old is not None else None
        return item.text if item is not None else fallback

    def where(self, code: str, wording: str) -> tuple[Status, str | None]:
        """(status, new code) of ``code`` whose wording was ``wording``."""
        target = self.new.item(code)
        text = _norm(wording)
        if target is not None and _norm(target.text) == text:
            return "kept", code
        found = [c for c in self._by_text.get(text, []) if c[0] == code[0]] if text else []
        if len(found) == 1 and found[0] != code and len(self._old_codes.get(text, [])) <= 1:
            return "renamed", found[0]
        if target is None or set(self._old_codes.get(_norm(target.text), [])) - {code}:
            return "gone", None  # (the code now holds another old item's wording)
        return "reworded", code


def plan_for(report: Report, old: Framework | None, new: Framework) -> ReframePlan:
    """The plan of moving ``report`` (read from the store) from ``old`` (None: its file is
    not available; codes are then compared with the entries' own wording) to ``new``."""
    # without the old framework's file, an entry's wording stands for its item's
    worded = {e.item: e.item_text for e in report.entries if e.item and "-" not in e.item}
    codes = _Codes(old, new, worded)
    entries = tuple(_entry_plan(entry, codes, new) for entry in report.entries)
    scores = []
    for (kind, code), value in report.scores.values():
        if kind == "item":
            status, target = codes.where(code, codes.wording(code, worded.get(code, "")))
        elif kind == "instrument":
            status, target = ("kept", code) if new.instrument(code) else ("gone", None)
        else:
            status, target = "kept", code
        scores.append(ScorePlan(f"score:{kind}:{code}", kind, code, value, status, target))
    return ReframePlan(int(report.id or 0), _fingerprint(report), report.framework, new.id,
                       report.fiscal_year, new.fiscal_year, entries, tuple(scores))


def _fingerprint(report: Report) -> str:
    """A digest of what the plan depends on: the framework, the entries and the scores."""
    text = repr((report.framework, report.status, report.entries, sorted(report.scores.values())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry_plan(entry: Entry, codes: _Codes, new: Framework) -> EntryPlan:
    indicator = new.indicator(entry.indicator)
    can_keep = indicator is not None and indicator.instrument == entry.instrument
    base = EntryPlan(f"entry:{entry.id}", int(entry.id or 0), entry.code_label, "kept", None,
                     entry.instrument, entry.indicator, entry.item_text, "", False, can_keep)
    if not entry.item:  # a free label: it needs its instrument and indicator
        return base if can_keep else replace(base, status="gone")
    first, _, last = entry.item.partition("-")
    if not last:
        old_text = codes.wording(first, entry.item_text)
        status, target = codes.where(first, old_text)
        if target is None:
            return replace(base, status="gone", old_text=old_text)
        item = new.item(target)
        assert item is not None
        if status == "kept" and (item.instrument, item.indicator) != (entry.instrument,
                                                                       entry.indicator):
            status = "reworded"
        follows = _norm(entry.item_text) == _norm(old_text) and \
            _norm(item.text) != _norm(entry.item_text)
        return replace(base, status=status, new_item=target, new_instrument=item.instrument,
                       new_indicator=item.indicator, old_text=old_text, new_text=item.text,
                       text_follows=follows)
    ends = [codes.where(code, codes.wording(code)) for code in (first, last)]
    if any(target is None for _, target in ends):
        return replace(base, status="gone")
    start, end = new.item(str(ends[0][1])), new.item(str(ends[1][1]))
    assert start is not None and end is not None
    if start.instrument != end.instrument or end.order <= start.order:
        return replace(base, status="gone")  # the range no longer makes sense
    status: Status = "renamed" if any(s == "renamed" for s, _ in ends) else \
        "reworded" if any(s == "reworded" for s, _ in ends) or \
        (start.instrument, start.indicator) != (entry.instrument, entry.indicator) else "kept"
    return replace(base, status=status, new_item=f"{start.code}-{end.code}",
                   new_instrument=start.instrument, new_indicator=start.indicator)


def plan_reframe(store: Store, report_id: int, framework: str | Framework) -> ReframePlan:
    """What moving the report to ``framework`` would do; changes nothing. An unknown
    framework raises FormError naming the ones there are."""
    new = load_framework(framework) if isinstance(framework, str) else framework
    report = store.get_report(report_id)
    return plan_for(report, try_load_framework(report.framework), new)


# ------------------------------------------------------------------------------ applying
def decide_all(plan: ReframePlan, decision: str) -> dict[str, str]:
    """The same decision for every gone row it fits (``keep`` fits only entries that can stay
    as the office's own row; ``drop`` fits every row)."""
    return {row.key: decision for row in plan.gone
            if decision == DROP or (isinstance(row, EntryPlan) and row.can_keep)}


def decide_code(plan: ReframePlan, old_code: str, new_code: str) -> dict[str, str]:
    """Map every gone entry and score of ``old_code`` (``O27``) to ``new_code``."""
    wanted = normalise_item(old_code)
    out = {}
    for row in plan.gone:
        code = row.code if isinstance(row, ScorePlan) else row.old_code
        try:
            same = normalise_item(code) == wanted
        except ValidationError:
            same = False
        if same:
            out[row.key] = new_code
    return out


def _refuse(thai: str, english: str, field: str = "framework") -> ValidationError:
    return ValidationError(thai, field=field, english=english)


def apply_reframe(store: Store, report_id: int, framework_id: str,
                  decisions: Mapping[str, str] | None = None, *,
                  expected: ReframePlan | None = None) -> ReframeResult:
    """Move the report to ``framework_id`` in one transaction (see the module docstring).
    ``expected``: the plan the clerk saw; refused when the report has changed since."""
    decisions = dict(decisions or {})
    new = load_framework(framework_id)  # an unknown framework: FormError, nothing changed
    plan = plan_reframe(store, report_id, new)
    _check(store, plan, decisions, expected)
    store.backup_before("reframe")
    with store.transaction() as conn:
        again = plan_reframe(store, report_id, new)  # what is written is what was checked
        if again != plan:
            raise _refuse("รายงานเปลี่ยนระหว่างตรวจ — ดูตัวอย่างการย้ายอีกครั้ง",
                          "the report changed while the move was checked")
        conn.execute("UPDATE reports SET framework = ? WHERE id = ?", (new.id, report_id))
        dropped = kept_own = mapped = 0
        for row in plan.entries:
            decision = decisions.get(row.key) if row.status == "gone" else None
            if decision == DROP:
                store.delete_entry(row.entry_id)
                dropped += 1
                continue
            fields = _entry_fields(store.get_entry(row.entry_id), row, decision, new,
                                   plan.old_framework)
            kept_own += decision == KEEP
            mapped += decision not in (None, KEEP)
            if fields:
                store.update_entry(row.entry_id, **fields)
        scores_dropped, score_map = _score_moves(plan, decisions, new)
        mapped += sum(1 for row in plan.scores
                      if row.status == "gone" and decisions[row.key] != DROP)
        # the sheet is rewritten under the new codes: one "report-reframed" event (and a
        # "score-dropped" per score let go) says it, not a removed + added pair per score
        with audit.muted(conn):
            conn.execute("DELETE FROM report_scores WHERE report_id = ? AND kind != 'overall'",
                         (report_id,))
            _scores.write_values(conn, report_id, score_map, new)
        for row in plan.scores:
            if row.status == "gone" and decisions[row.key] == DROP:
                audit.record(conn, report_id, "score-dropped", field=row.code,
                             old=f"{row.value:.2f}")
        summary = {**plan.counts(), "dropped": dropped, "kept_own": kept_own,
                   "mapped": mapped, "scores_dropped": scores_dropped}
        audit.record(conn, report_id, "report-reframed", field="framework",
                     old=plan.old_framework, new=new.id,
                     origin=json.dumps(summary, ensure_ascii=False, sort_keys=True))
        store._touch(report_id)
    change = Change("report-fields", report_id, fields=frozenset({"framework"}))
    return ReframeResult(change, plan, dropped, kept_own, mapped, scores_dropped)


def check_reframe(store: Store, plan: ReframePlan, decisions: Mapping[str, str]) -> None:
    """Raise what ``apply_reframe`` would refuse with these decisions; writes nothing (a dry
    run, or the window's Apply button)."""
    _check(store, plan, dict(decisions), None)


def _check(store: Store, plan: ReframePlan, decisions: dict[str, str],
           expected: ReframePlan | None) -> None:
    """Every refusal before anything is written (backup included)."""
    report = store.get_report(plan.report_id)
    if report.status == "final":
        raise ReportLockedError("รายงานนี้ส่งแล้ว (ฉบับสมบูรณ์) ย้ายกรอบการประเมินไม่ได้ — เปิดแก้ไขพร้อม"
                                "เหตุผลก่อน", english="the report is final; reopen it first")
    if plan.old_framework == plan.new_framework:
        raise _refuse(f"รายงานนี้ใช้กรอบ {plan.new_framework} อยู่แล้ว",
                      f"the report is already on {plan.new_framework}")
    if expected is not None and expected != plan:
        raise _refuse("รายงานหรือกรอบการประเมินเปลี่ยนไปหลังจากดูตัวอย่าง — ดูตัวอย่างการย้ายอีกครั้ง",
                      "the report or the framework changed since the preview")
    gone = {row.key: row for row in plan.gone}
    stray = sorted(set(decisions) - set(gone))
    if stray:
        raise _refuse(f"มีคำตอบสำหรับรายการที่ไม่ต้องตัดสินใจ ({', '.join(stray)[:80]})",
                      f"decisions for rows that are not gone: {', '.join(stray)[:80]}")
    undecided = [row for key, row in gone.items() if key not in decisions]
    if undecided:
        names = ", ".join(dict.fromkeys(_name(row) for row in undecided))
        raise _refuse(
            f"ข้อต่อไปนี้ไม่มีในกรอบ {plan.new_framework}: {names} — เลือกสำหรับแต่ละข้อว่าจะเก็บไว้"
            "เป็นรายการที่ตั้งชื่อเอง ย้ายไปข้ออื่น หรือลบ (ยังไม่ได้เปลี่ยนอะไร)",
            f"not in {plan.new_framework}: {names}; choose keep, map or drop for each "
            "(nothing was changed)", field="gone")
    new = load_framework(plan.new_framework)
    for key, decision in decisions.items():
        row = gone[key]
        if decision == DROP:
            continue
        if decision == KEEP:
            if isinstance(row, ScorePlan) or not row.can_keep:
                raise _refuse(f"{_name(row)} เก็บไว้ไม่ได้ (ไม่มีตัวชี้วัดนี้ในกรอบใหม่) — เลือกย้ายไป"
                              "ข้ออื่นหรือลบ", f"{_name(row)} cannot be kept; map or drop it",
                              field="gone")
            continue
        _target(decision, row, new)
    _score_moves(plan, decisions, new)  # two scores onto one item: refused here


def kept_label(code_label: str, old_id: str) -> str:
    """The label of a gone entry kept as the office's own row: ``O27 (ita-2569)``."""
    return f"{code_label} ({old_id})"


def _name(row: EntryPlan | ScorePlan) -> str:
    if isinstance(row, ScorePlan):
        return f"คะแนน {row.code.upper()}" if row.kind == "item" else f"คะแนน {row.code}"
    return row.old_code or f"#{row.entry_id}"


def _target(decision: str, row: EntryPlan | ScorePlan, new: Framework) -> str:
    """The checked item code (or, for an entry, range) a gone row is mapped to."""
    try:
        code = normalise_item(decision)
    except ValidationError:
        code = ""
    first, _, last = code.partition("-")
    if isinstance(row, ScorePlan) and row.kind != "item":
        code = decision if new.instrument(decision) else ""
    elif not code or new.item(first) is None or (last and new.item(last) is None) or \
            (last and isinstance(row, ScorePlan)):
        code = ""
    if not code:
        raise _refuse(f"ย้าย {_name(row)} ไป “{decision[:40]}” ไม่ได้ — ไม่มีข้อนี้ในกรอบ {new.id}",
                      f"cannot map {_name(row)} to {decision[:40]!r}: not in {new.id}",
                      field="gone")
    return code


def _score_moves(plan: ReframePlan, decisions: Mapping[str, str], new: Framework
                 ) -> tuple[int, dict[tuple[str, str], Decimal]]:
    """(scores dropped, the sheet after the move without the overall score)."""
    out: dict[tuple[str, str], Decimal] = {}
    source: dict[tuple[str, str], str] = {}
    dropped = 0
    for row in plan.scores:
        if row.kind == "overall":
            continue
        if row.status == "gone":
            decision = decisions.get(row.key, DROP)
            if decision == DROP:
                dropped += 1
                continue
            target = _target(decision, row, new)
        else:
            target = str(row.new_code)
        key = (row.kind, target)
        if key in out and out[key] != row.value:
            raise _refuse(f"คะแนน {source[key].upper()} และ {row.code.upper()} จะไปอยู่ที่ข้อ "
                          f"{target.upper()} เดียวกัน — เลือกลบคะแนนหนึ่ง",
                          f"scores of {source[key]} and {row.code} would both go to {target}",
                          field="gone")
        out[key], source[key] = row.value, row.code
    return dropped, out


def _entry_fields(entry: Entry, row: EntryPlan, decision: str | None, new: Framework,
                  old_id: str) -> dict[str, object]:
    """The entry fields that change (nothing else of the entry is touched)."""
    if decision == KEEP:  # the office's own row: same texts, its old code marked as such
        wanted: dict[str, object] = {"item": None, "label": kept_label(entry.code_label, old_id),
                                     "instrument": entry.instrument,
                                     "indicator": entry.indicator}
    elif decision is not None:  # mapped by the clerk (checked in _check)
        code = normalise_item(decision)
        first = new.item(code.partition("-")[0])
        assert first is not None
        wanted = {"item": code, "label": None, "instrument": first.instrument,
                  "indicator": first.indicator,
                  "item_text": entry.item_text or (entry.label or "")}
    elif row.new_item is None:  # a free label that stays as it is
        return {}
    else:
        wanted = {"item": row.new_item, "instrument": row.new_instrument,
                  "indicator": row.new_indicator}
        if row.text_follows:
            wanted["item_text"] = row.new_text
    return {k: v for k, v in wanted.items() if getattr(entry, k) != v}
