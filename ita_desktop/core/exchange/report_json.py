"""The interchange format ``ita-report/1``: a report as JSON (docs/report-format.md).

``read_report_file`` checks a file completely before anything is stored and names the place of
each problem (``entries[3].score``); ``report_to_dict`` writes the same format back, numbers
normalised (a score typed ``๗๓.๓๔`` comes out as ``73.34``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..base.atomic import save_file
from ..base.boundary import LIMITS, load_json, quote, read_capped
from ..base.errors import FormatError, ItaError, ValidationError
from ..framework.catalog import load_framework
from ..framework.definition import Framework
from ..photos.processed import ProcessedPhoto
from ..report import optional_columns
from ..report.entries import resolve_entry
from ..report.model import (
    Entry,
    Person,
    PhotoRef,
    PhotoSource,
    ReopenRecord,
    Report,
    Round,
    check_report_fields,
    parse_score,
)
from ..report.scoresheet import ScoreSheet
from ..scores.sheet_import import code_key
from ..text import thai
from ..text.safety import bad_text_message, find_bad_text

FORMAT = "ita-report/1"

_REPORT_KEYS = {"agency", "parent", "fiscal_year", "round", "framework", "title", "digits",
                "preparer", "certifier", "uuid", "revision", "status", "reopen_log",
                "show_signatures", "cover_page", "summary_chart", "created_at", "updated_at",
                "optional_columns"}
_REPORT_REQUIRED = {"agency", "fiscal_year", "round", "framework"}
_ENTRY_KEYS = {"item", "label", "instrument", "indicator", "item_text", "score", "issue",
               "measures", "result", "photos", "extra"}
_PHOTO_KEYS = {"file", "caption", "sha256", "rotation"}
_PERSON_KEYS = {"name", "position", "date"}


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str, english: str | None = None) -> FormatError:
        return FormatError(message, where=f"{self.source}: {where}" if where else self.source,
                           english=english)

    def mapping(self, value: Any, where: str, allowed: set[str], required: set[str] = frozenset()
                ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "ต้องเป็นชุดข้อมูล { ... }", "must be an object { ... }")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(where, f"มีคีย์ที่ไม่รู้จัก: {', '.join(unknown)} — ตรวจการสะกดชื่อคีย์ "
                            f"(ที่ใช้ได้: {', '.join(sorted(allowed))})",
                            f"unknown keys: {', '.join(unknown)} (check their spelling; allowed: "
                            f"{', '.join(sorted(allowed))})")
        missing = sorted(required - set(value))
        if missing:
            raise self.fail(where, f"ขาดคีย์ที่ต้องมี: {', '.join(missing)}",
                            f"missing required keys: {', '.join(missing)}")
        return value

    def text(self, value: Any, where: str, *, optional: bool = True) -> str:
        if value is None and optional:
            return ""
        if not isinstance(value, str):
            raise self.fail(where, "ต้องเป็นข้อความ (ในเครื่องหมาย \"...\")",
                            "must be text (in quotes)")
        return value

    def integer(self, value: Any, where: str) -> int:
        try:
            return thai.parse_int(value)
        except ValueError:
            raise self.fail(where, f"“{value}” ไม่ใช่จำนวนเต็ม") from None

    def date(self, value: Any, where: str) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(thai.to_arabic_digits(value))
            except ValueError:
                pass
        raise self.fail(where, f"วันที่ “{value}” ต้องเขียนแบบ ปี ค.ศ.-เดือน-วัน เช่น 2024-03-31")

    def person(self, value: Any, where: str) -> Person:
        if value is None:
            return Person()
        data = self.mapping(value, where, _PERSON_KEYS)
        return Person(self.text(data.get("name"), f"{where}.name"),
                      self.text(data.get("position"), f"{where}.position"),
                      self.date(data.get("date"), f"{where}.date"))

    def round(self, value: Any, fiscal_year: int, where: str) -> Round:
        if value in ("6m", "12m"):
            return Round.standard(value, fiscal_year)
        if isinstance(value, dict):
            data = self.mapping(value, where, {"label", "start", "end"}, {"label", "start", "end"})
            start = self.date(data["start"], f"{where}.start")
            end = self.date(data["end"], f"{where}.end")
            assert start and end
            return Round("custom", start, end, self.text(data["label"], f"{where}.label"))
        raise self.fail(where, "รอบต้องเป็น \"6m\", \"12m\" หรือ {\"label\", \"start\", \"end\"}")

    def boolean(self, value: Any, where: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(where, "ต้องเป็น true หรือ false")
        return value


def parse_report(data: Any, source: str,
                 load_photo: Callable[[str, str], ProcessedPhoto] | None,
                 known_photo: Callable[[str], bool] | None = None
                 ) -> tuple[Report, dict[str, ProcessedPhoto]]:
    """Check a decoded ``ita-report/1`` document and build the report and its photos.

    ``load_photo(file, where)`` reads a photo named by an entry; a photo whose ``sha256`` is
    already stored (``known_photo``) is used as stored, without decoding its file again.
    """
    r = _Reader(source)
    bad = find_bad_text(data)
    if bad is not None:  # control characters, lone surrogates: refused, naming the field
        thai_message, english = bad_text_message(bad[0], bad[1])
        raise r.fail(bad[0], thai_message, english)
    top = r.mapping(data, "", {"format", "report", "entries", "scores"}, {"format", "report"})
    if top["format"] != FORMAT:
        fmt = top["format"]
        if isinstance(fmt, str) and fmt.startswith("ita-report/"):
            raise r.fail("format", f"ไฟล์เป็นรูปแบบ “{fmt}” ซึ่งใหม่กว่าที่โปรแกรมนี้รู้จัก "
                         f"(“{FORMAT}”) — ปรับปรุงโปรแกรม ITA Desktop ก่อน")
        raise r.fail("format", f"ไม่ใช่ไฟล์รายงาน ITA (ต้องมี \"format\": \"{FORMAT}\")")
    head = r.mapping(top["report"], "report", _REPORT_KEYS, _REPORT_REQUIRED)
    fiscal_year = r.integer(head["fiscal_year"], "report.fiscal_year")
    if not LIMITS.fiscal_year_min <= fiscal_year <= LIMITS.fiscal_year_max:  # before Round
        raise r.fail("report.fiscal_year", f"ปีงบประมาณ {quote(fiscal_year)} ไม่ใช่ปีพุทธศักราช "
                     f"(รับได้ {LIMITS.fiscal_year_min}–{LIMITS.fiscal_year_max}) — แก้เป็นปี พ.ศ. "
                     "เช่น 2569", f"fiscal year {quote(fiscal_year)} is outside "
                     f"{LIMITS.fiscal_year_min}-{LIMITS.fiscal_year_max}")
    report = Report(
        agency=r.text(head["agency"], "report.agency", optional=False),
        parent=r.text(head.get("parent"), "report.parent"),
        fiscal_year=fiscal_year,
        round=r.round(head["round"], fiscal_year, "report.round"),
        framework=r.text(head["framework"], "report.framework", optional=False),
        title=r.text(head.get("title"), "report.title") or None,
        digits=head.get("digits", "thai"),
        preparer=r.person(head.get("preparer"), "report.preparer"),
        certifier=r.person(head.get("certifier"), "report.certifier"),
        status=head.get("status", "draft"),
        show_signatures=r.boolean(head.get("show_signatures"), "report.show_signatures", True),
        cover_page=r.boolean(head.get("cover_page"), "report.cover_page", False),
        summary_chart=r.boolean(head.get("summary_chart"), "report.summary_chart", False),
        created_at=head.get("created_at"),
    )
    if "uuid" in head:
        report.uuid = r.text(head["uuid"], "report.uuid", optional=False)
    if "revision" in head:
        report.revision = r.integer(head["revision"], "report.revision")
    reopen_log = head.get("reopen_log") or []
    if not isinstance(reopen_log, list):
        raise r.fail("report.reopen_log", "ต้องเป็นรายการ [ {\"at\": ..., \"reason\": ...} ]",
                     "must be a list of {\"at\", \"reason\"}")
    for n, record in enumerate(reopen_log):
        rec = r.mapping(record, f"report.reopen_log[{n}]", {"at", "reason"}, {"at", "reason"})
        report.reopen_log.append(ReopenRecord(r.text(rec["at"], "at"), r.text(rec["reason"], "")))
    if head.get("optional_columns") is not None:
        names = head["optional_columns"]
        if not isinstance(names, list):
            raise r.fail("report.optional_columns", "ต้องเป็นรายการชื่อคอลัมน์ [\"status\", ...]",
                         "must be a list of column names")
        try:
            report.optional_columns = optional_columns.normalise_keys(names)
        except ValidationError as exc:
            raise r.fail("report.optional_columns", exc.message, exc.english) from None
    try:
        check_report_fields(report)
    except ValidationError as exc:
        raise r.fail(f"report.{exc.field}", exc.message, exc.english) from None
    try:
        framework = load_framework(report.framework)
    except ItaError as exc:
        raise r.fail("report.framework", exc.message) from None

    if top.get("scores") is not None:
        report.scores = _read_scores(r, top["scores"], framework)

    entries_data = top.get("entries", [])
    if not isinstance(entries_data, list):
        raise r.fail("entries", "ต้องเป็นรายการ [ ... ]")
    if len(entries_data) > LIMITS.entries_per_report:  # docs/limits.md
        raise r.fail("entries", f"รายงานมี {len(entries_data):,} รายการ เกิน "
                     f"{LIMITS.entries_per_report:,} รายการที่รับได้ — ไฟล์อาจเสียหาย หรือแบ่งเป็นหลายรายงาน",
                     f"{len(entries_data)} entries (limit {LIMITS.entries_per_report})")
    photos: dict[str, ProcessedPhoto] = {}
    for n, raw in enumerate(entries_data):
        where = f"entries[{n}]"
        data = r.mapping(raw, where, _ENTRY_KEYS)
        measures = data.get("measures", [])
        if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
            raise r.fail(f"{where}.measures", "มาตรการต้องเป็นรายการข้อความ [\"...\", \"...\"]")
        indicator = data.get("indicator")
        entry = Entry(
            item=r.text(data.get("item"), f"{where}.item") or None,
            label=r.text(data.get("label"), f"{where}.label") or None,
            instrument=r.text(data.get("instrument"), f"{where}.instrument"),
            indicator=None if indicator is None else r.integer(indicator, f"{where}.indicator"),
            item_text=r.text(data.get("item_text"), f"{where}.item_text"),
            issue=r.text(data.get("issue"), f"{where}.issue"),
            measures=measures,
            result=r.text(data.get("result"), f"{where}.result"),
        )
        try:
            entry = resolve_entry(replace(entry, score=parse_score(data.get("score"))), framework)
        except ValidationError as exc:
            raise r.fail(f"{where}.{exc.field or 'item'}", exc.message, exc.english) from None
        entry.extra = _read_extra(r, data.get("extra"), f"{where}.extra")
        photo_list = data.get("photos", [])
        if not isinstance(photo_list, list):
            raise r.fail(f"{where}.photos", "ต้องเป็นรายการ [ {\"file\": ..., \"caption\": ...} ]")
        for m, photo_raw in enumerate(photo_list):
            pwhere = f"{where}.photos[{m}]"
            pdata = r.mapping(photo_raw, pwhere, _PHOTO_KEYS)
            rotation = r.integer(pdata.get("rotation", 0), f"{pwhere}.rotation")
            caption = r.text(pdata.get("caption"), f"{pwhere}.caption")
            known = "sha256" in pdata and known_photo is not None and known_photo(pdata["sha256"])
            if "file" in pdata and load_photo is not None and not known:
                processed = load_photo(r.text(pdata["file"], f"{pwhere}.file", optional=False),
                                       pwhere)
                photos.setdefault(processed.sha256, processed)
                sha = processed.sha256
            elif "sha256" in pdata:
                sha = r.text(pdata["sha256"], f"{pwhere}.sha256", optional=False)
            else:
                raise r.fail(pwhere, "ภาพต้องระบุ \"file\" (ชื่อไฟล์ภาพ)")
            entry.photos.append(PhotoRef(sha, caption, rotation % 4))
        report.entries.append(entry)
    return report, photos


def read_report_file(path: str | Path, known_photo: Callable[[str], bool] | None = None
                     ) -> tuple[Report, dict[str, ProcessedPhoto]]:
    """Read an ``ita-report/1`` JSON file; photo paths are relative to the file's folder."""
    path = Path(path)
    # the boundary: a regular file, a capped read, bounded nesting and numbers (docs/limits.md)
    data = load_json(read_capped(path, LIMITS.report_json_bytes, "รายงาน"), str(path))
    base = path.parent

    def load_photo(name: str, where: str) -> ProcessedPhoto:
        photo_path = Path(name)
        if not photo_path.is_absolute():
            photo_path = base / photo_path
        try:
            from ..photos.intake import read_photo_file  # Pillow only when photos come in

            return read_photo_file(photo_path)
        except ItaError as exc:
            raise FormatError(exc.message, where=f"{path}: {where}.file ({name})") from None

    return parse_report(data, str(path), load_photo, known_photo)


def _read_extra(r: _Reader, value: Any, where: str) -> dict[str, str]:
    """An entry's optional-column values: known keys, text values, a status from the list."""
    if value is None:
        return {}
    data = r.mapping(value, where, set(optional_columns.KEYS))
    extra = {k: r.text(v, f"{where}.{k}") for k, v in data.items()}
    if "status" in extra:
        try:
            extra["status"] = optional_columns.check_status(extra["status"])
        except ValidationError as exc:
            raise r.fail(f"{where}.status", exc.message, exc.english) from None
    return {k: v for k, v in extra.items() if v}


def _read_scores(r: _Reader, value: Any, framework: Framework) -> ScoreSheet:
    """The optional ``scores`` object: {"items": {code: score}, "instruments": {...},
    "overall": score}; every code must be in the report's framework."""
    data = r.mapping(value, "scores", {"items", "instruments", "overall"})
    sheet = ScoreSheet()
    for group in ("items", "instruments"):
        scores = data.get(group) or {}
        if not isinstance(scores, dict):
            raise r.fail(f"scores.{group}", "ต้องเป็นชุดข้อมูล { \"รหัส\": คะแนน }")
        for code, raw in scores.items():
            where = f"scores.{group}.{code}"
            key = code_key(str(code), framework)
            if key is None or key[0] != group[:-1]:  # "items" -> "item"
                raise r.fail(where, f"ไม่มี “{code}” ในกรอบการประเมิน {framework.id}",
                             f"unknown code {code!r}")
            try:
                score = parse_score(raw)
            except ValidationError as exc:
                raise r.fail(where, exc.message, exc.english) from None
            if score is not None:
                (sheet.items if group == "items" else sheet.instruments)[key[1]] = score
    try:
        sheet.overall = parse_score(data.get("overall"))
    except ValidationError as exc:
        raise r.fail("scores.overall", exc.message, exc.english) from None
    return sheet


def _scores_dict(sheet: ScoreSheet) -> dict[str, Any]:
    return {"items": {c: float(v) for c, v in sheet.items.items()},
            "instruments": {c: float(v) for c, v in sheet.instruments.items()},
            "overall": None if sheet.overall is None else float(sheet.overall)}


# ---------------------------------------------------------------------------------- writing
def report_to_dict(report: Report, *, photo_file: Callable[[PhotoRef], str] | None = None
                   ) -> dict[str, Any]:
    """The report in ``ita-report/1``. ``photo_file`` names each photo's file; without it
    photos are listed by ``sha256`` only."""
    rnd: Any = report.round.kind
    if rnd == "custom" or report.round != Round.standard(rnd, report.fiscal_year):
        rnd = {"label": report.round.label or report.round.title("arabic"),
               "start": report.round.start.isoformat(), "end": report.round.end.isoformat()}
    head: dict[str, Any] = {
        "agency": report.agency, "parent": report.parent, "fiscal_year": report.fiscal_year,
        "round": rnd, "framework": report.framework,
        "digits": report.digits, "uuid": report.uuid, "revision": report.revision,
        "status": report.status, "show_signatures": report.show_signatures,
        "cover_page": report.cover_page,
    }
    if report.summary_chart:  # written only when on: older readers know no such key
        head["summary_chart"] = True
    if report.optional_columns:  # written only when chosen: files without them stay as before
        head["optional_columns"] = list(report.optional_columns)
    if report.title:
        head["title"] = report.title
    for key in ("preparer", "certifier"):
        person: Person = getattr(report, key)
        if not person.is_empty():
            head[key] = {"name": person.name, "position": person.position,
                         "date": person.date.isoformat() if person.date else None}
    if report.reopen_log:
        head["reopen_log"] = [{"at": r.at, "reason": r.reason} for r in report.reopen_log]
    if report.created_at:
        head["created_at"] = report.created_at
    entries = []
    for entry in report.entries:
        data: dict[str, Any] = {}
        if entry.item:
            data["item"] = entry.item
        else:
            data["label"] = entry.label
        data.update({
            "instrument": entry.instrument, "indicator": entry.indicator,
            "item_text": entry.item_text,
            "score": None if entry.score is None else float(entry.score),
            "issue": entry.issue, "measures": list(entry.measures), "result": entry.result,
            "photos": [_photo_dict(p, photo_file) for p in entry.photos],
        })
        extra = {k: v for k, v in entry.extra.items() if v}
        if extra:
            data["extra"] = extra
        entries.append(data)
    out: dict[str, Any] = {"format": FORMAT, "report": head, "entries": entries}
    if not report.scores.is_empty():  # optional: files without a result sheet stay as before
        out["scores"] = _scores_dict(report.scores)
    return out


def _photo_dict(ref: PhotoRef, photo_file: Callable[[PhotoRef], str] | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if photo_file is not None:
        data["file"] = photo_file(ref)
    data.update({"caption": ref.caption, "sha256": ref.sha256})
    if ref.rotation:
        data["rotation"] = ref.rotation
    return data


def _same_content(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def dump_report(report: Report, photos: PhotoSource | None = None,
                photos_dir: str | Path | None = None, relative_to: str | Path | None = None
                ) -> str:
    """JSON text of the report. With ``photos_dir``, the stored print images are written
    there and named by path relative to ``relative_to`` (the JSON file's folder)."""
    photo_file = None
    if photos_dir is not None and photos is not None:
        folder = Path(photos_dir)
        folder.mkdir(parents=True, exist_ok=True)
        base = Path(relative_to) if relative_to is not None else Path.cwd()

        def photo_file(ref: PhotoRef) -> str:
            target = folder / f"{ref.sha256[:16]}.jpg"
            data = photos.photo_bytes(ref.sha256, "print")
            # compare, not just "exists": a file a full disk cut short is written again
            if not _same_content(target, data):
                save_file(target, data)
            try:
                return target.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                return str(target.resolve())

    return json.dumps(report_to_dict(report, photo_file=photo_file), ensure_ascii=False,
                      indent=2) + "\n"

