"""``ita reframe REPORT_ID --to FRAMEWORK_ID``: move a report to another framework (a newer
version), printing first what happens to each entry and score (core/workflow/reframe.py).

Items not in the new framework are never deleted without the clerk's word: ``--keep-gone``
keeps them as the office's own rows, ``--map O27=O26`` moves one to another item, and
``--drop-gone`` deletes the rest (the history keeps their content). Without a decision for
every such item the command is refused and nothing is changed."""

from __future__ import annotations

import argparse
import sys

from ..core.base.errors import ValidationError
from .common import line, open_db


def _decisions(args: argparse.Namespace, plan: object) -> dict[str, str]:
    from ..core.workflow.reframe import DROP, KEEP, decide_all, decide_code

    chosen: dict[str, str] = {}
    for pair in args.map or []:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValidationError(f"--map “{pair}” ต้องเขียนเป็น ข้อเดิม=ข้อใหม่ เช่น O27=O26",
                                  field="map", english=f"--map {pair!r}: write OLD=NEW, "
                                  "e.g. O27=O26")
        found = decide_code(plan, old.strip(), new.strip())  # type: ignore[arg-type]
        if not found:
            raise ValidationError(f"--map: ข้อ {old.strip()} ไม่ได้อยู่ในรายการที่ไม่มีในกรอบใหม่",
                                  field="map", english=f"--map: {old.strip()} is not a gone "
                                  "item of this move")
        chosen.update(found)
    for flag, decision in ((args.keep_gone, KEEP), (args.drop_gone, DROP)):
        if flag:  # --map wins for its items; --keep-gone before --drop-gone
            for key, value in decide_all(plan, decision).items():  # type: ignore[arg-type]
                chosen.setdefault(key, value)
    return chosen


def plan_lines(plan: object) -> list[list[str]]:
    """The plan as lines of fields, Thai then English in each."""
    from ..core.report.model import format_score
    from ..core.workflow.reframe import STATUS_EN, STATUS_TH, EntryPlan, ReframePlan

    assert isinstance(plan, ReframePlan)
    out = [[f"ย้ายรายงาน {plan.report_id} จากกรอบ {plan.old_framework} ไป {plan.new_framework}",
            f"moving report {plan.report_id} from {plan.old_framework} to {plan.new_framework}"]]
    if plan.other_year:
        out.append([f"คำเตือน: กรอบ {plan.new_framework} เป็นของปีงบประมาณ {plan.new_year} "
                    f"แต่รายงานเป็นปี {plan.report_year}",
                    f"warning: {plan.new_framework} is for fiscal year {plan.new_year}, the "
                    f"report for {plan.report_year}"])
    counts = plan.counts()
    out.append([" ".join(f"{STATUS_TH[s]} {n}" for s, n in counts.items()),
                " ".join(f"{STATUS_EN[s]} {n}" for s, n in counts.items())])

    def status(row: object) -> str:
        return f"{STATUS_TH[row.status]} / {STATUS_EN[row.status]}"  # type: ignore[attr-defined]

    for row in plan.entries:
        assert isinstance(row, EntryPlan)
        fields = [row.old_code, status(row)]
        if row.status == "renamed" and row.new_item:
            fields.append(f"→ {row.new_item.upper().replace('-', ' - ')}")
        if row.status == "reworded" and row.new_text:
            fields.append(f"“{row.old_text}” → “{row.new_text}”")
        if row.text_follows:
            fields.append("ถ้อยคำในรายงานเปลี่ยนตามกรอบใหม่ / the printed wording follows")
        if row.status == "gone":
            fields.append("ต้องเลือก --keep-gone, --map หรือ --drop-gone / needs --keep-gone, "
                          "--map or --drop-gone" if row.can_keep else
                          "เก็บไว้ไม่ได้ (ไม่มีตัวชี้วัดนี้) ต้องเลือก --map หรือ --drop-gone / "
                          "cannot be kept (no such indicator): needs --map or --drop-gone")
        out.append(fields)
    for score in plan.scores:
        if score.status in ("gone", "renamed"):
            name = score.code.upper() if score.kind == "item" else score.code
            fields = [f"คะแนน / score {name} {format_score(score.value)}", status(score)]
            if score.new_code:
                fields.append(f"→ {score.new_code.upper()}")
            else:
                fields.append("ต้องเลือก --map หรือ --drop-gone / needs --map or --drop-gone")
            out.append(fields)
    return out


def cmd_reframe(args: argparse.Namespace) -> int:
    from ..core.workflow.reframe import apply_reframe, check_reframe, plan_reframe

    with open_db(args, write=not args.dry_run) as store:
        plan = plan_reframe(store, args.id, args.to)
        for fields in plan_lines(plan):
            line(*fields)
        decisions = _decisions(args, plan)
        if args.dry_run:
            check_reframe(store, plan, decisions)  # a refusal: exit 1 with the reason
            line("ย้ายได้ (ยังไม่ได้ย้าย: --dry-run)", "the move would go through (not made: "
                 "--dry-run)")
            return 0
        result = apply_reframe(store, args.id, args.to, decisions, expected=plan)
    line(f"ย้ายรายงาน {args.id} ไปกรอบ {args.to} แล้ว: เก็บเป็นรายการที่ตั้งชื่อเอง {result.kept_own}, "
         f"ย้ายไปข้ออื่น {result.mapped}, ลบ {result.dropped} รายการ {result.scores_dropped} คะแนน",
         f"moved report {args.id} to {args.to}: kept as own rows {result.kept_own}, mapped "
         f"{result.mapped}, deleted {result.dropped} entries, {result.scores_dropped} scores")
    if result.dropped or result.scores_dropped:
        print("สิ่งที่ลบอยู่ในประวัติ (ita history) และสำเนาสำรองก่อนย้าย / what was deleted is in "
              "the history (ita history) and in the backup made before the move",
              file=sys.stderr)
    return 0

