"""Consolidation for the upper office: import many packages, then see offices × items.

``import_many`` imports each package in its own transaction (one bad file never stops the
rest) and reports per file; ``summarize`` builds what the consolidation view and the
spreadsheet show: which offices sent, which of the expected ones are missing, per-item scores,
measures and photos per entry, entries without results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from ..base.errors import FormatError, ItaError
from ..exchange.spreadsheet import entry_rows
from ..framework.catalog import try_load_framework
from ..framework.definition import Framework
from ..report.model import Report
from ..report.optional_columns import STATUS_VALUES, count_status
from ..store import Store
from ..text.names import normalise_agency
from .import_log import import_stream
from .importer import OnConflict
from .layout import SUFFIX
from .office_match import decisions, match_offices
from .office_match import office_key as match_key

FileStatus = Literal["imported", "replaced", "unchanged", "conflict", "refused"]
Progress = Callable[[int, int, Path], None]  # (done, total, file just finished)


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: FileStatus
    message: str  # Thai
    report_id: int | None = None
    agency: str | None = None
    english: str | None = None
    conflict_kind: str = ""  # of a conflict: "slot", "office" or "revision" (see importer)

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "replaced", "unchanged")


def package_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given; for a folder, the .itapkg files in it (sorted by name)."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir()
                              if p.is_file() and p.name.lower().endswith(SUFFIX)))
        else:
            out.append(path)
    return out


def import_many(store: Store, files: Sequence[Path], *, on_conflict: OnConflict = "ask",
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[FileResult]:
    """Import each file; never raises for a bad file (its result says why). A file imported
    before and unchanged since is not read again (``import_log``). ``cancelled`` is asked
    before each file: the file in hand is always finished or rolled back whole."""
    results = []
    with store.one_backup():  # one backup before the first import, not one per package
        _import_each(store, files, on_conflict, progress, cancelled, results)
    return results


def _import_each(store: Store, files: Sequence[Path], on_conflict: OnConflict,
                 progress: Progress | None, cancelled: Callable[[], bool] | None,
                 results: list[FileResult]) -> None:
    for done, (path, outcome) in enumerate(
            import_stream(store, [(Path(p), on_conflict) for p in files], cancelled=cancelled),
            start=1):
        if isinstance(outcome, ItaError):
            results.append(FileResult(path, "refused", outcome.text(), english=outcome.english))
        elif isinstance(outcome, Exception):  # one file must never stop the rest
            # (its transaction rolled back); an unforeseen failure is still a refusal
            results.append(FileResult(
                path, "refused", f"{path.name}: นำเข้าไฟล์นี้ไม่ได้เพราะเกิดข้อผิดพลาดที่ไม่คาดคิด "
                "— ไม่มีการเปลี่ยนแปลงใด ๆ ขอให้หน่วยงานที่ส่งส่งออกแพ็กเกจใหม่ และแจ้งผู้ดูแลโปรแกรม",
                english=f"unexpected {type(outcome).__name__}: {outcome}"))
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            results.append(FileResult(path, outcome.status, outcome.message, outcome.report_id,
                                      outcome.agency, conflict_kind=outcome.conflict_kind))
        if progress is not None:
            progress(done, len(files), path)


# ------------------------------------------------------------------ expected offices
def office_key(name: str) -> str:
    """Names compare after ``names.normalise_agency`` (NFC, spaces, zero-width and bidi)."""
    return normalise_agency(name)


def parse_expected(text: str) -> list[str]:
    """Office names, one per line (blank lines and lines starting with # are skipped)."""
    seen: dict[str, str] = {}  # one office however often (and however spelt) it is listed
    for line in text.splitlines():
        name = office_key(line)
        if name and not name.startswith("#"):
            seen.setdefault(match_key(name), name)
    return list(seen.values())


def read_expected(path: str | Path) -> list[str]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"เปิดไฟล์รายชื่อหน่วยงานไม่ได้ ({exc.strerror}) — ตรวจชื่อไฟล์แล้วลองใหม่",
                          where=str(path), english=f"cannot read the office list: {exc}") from None
    for encoding in ("utf-8-sig", "utf-16", "cp874"):  # Thai Windows Notepad writes cp874
        try:
            return parse_expected(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise FormatError("ไฟล์รายชื่อหน่วยงานต้องเป็นข้อความ UTF-8 — บันทึกไฟล์ใหม่เป็น UTF-8",
                      where=str(path), english="office list is not UTF-8 text")


# ------------------------------------------------------------------ summary
@dataclass(frozen=True)
class OfficeStatus:
    agency: str
    state: Literal["sent", "missing", "unexpected"]  # unexpected: sent but not on the list
    report_id: int | None = None
    fiscal_year: int | None = None
    round_title: str = ""
    revision: int | None = None
    final: bool | None = None
    entries: int = 0
    photos: int = 0
    without_result: int = 0
    mean_score: Decimal | None = None
    office: str | None = None  # the expected office this one was matched to, if spelt otherwise
    proposal: str | None = None  # "unexpected": the expected office it probably is (to confirm)
    proposal_score: float | None = None
    framework: str | None = None  # the framework id (version) the report was written on
    # entries per optional-column status (STATUS_VALUES order, then "none given"); None when
    # the report does not use the status column
    status_counts: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ItemColumn:
    code: str  # "E1", "O1 - O22" or a free label
    text: str


@dataclass
class Summary:
    offices: list[OfficeStatus]
    rows: list[list[object]]  # spreadsheet.HEADERS rows, office × entry
    items: list[ItemColumn]
    scores: dict[str, dict[str, Decimal | None]]  # agency -> item code -> score
    rounds: list[str] = field(default_factory=list)  # "ปีงบประมาณ 2567 รอบ 6 เดือนแรก"
    expected_framework: str | None = None  # the one most offices reported on

    @property
    def other_framework(self) -> list[OfficeStatus]:
        """Offices that reported on another framework (version) than most offices did."""
        return [o for o in self.sent if o.framework != self.expected_framework]

    @property
    def sent(self) -> list[OfficeStatus]:
        return [o for o in self.offices if o.state != "missing"]

    @property
    def missing(self) -> list[OfficeStatus]:
        return [o for o in self.offices if o.state == "missing"]

    @property
    def proposals(self) -> list[OfficeStatus]:
        """Sent offices not on the list that probably are one of its offices (to confirm)."""
        return [o for o in self.offices if o.proposal is not None]


def summarize(store: Store, report_ids: Iterable[int], expected: Sequence[str] | None = None
              ) -> Summary:
    """The consolidation view of these stored reports (in the order given, duplicates once).
    Sent offices are matched to ``expected`` by ``office_match`` (spelling differences, the
    user's remembered answers); a near miss is proposed, not matched."""
    ids = list(dict.fromkeys(report_ids))
    agencies = [_agency(store, i) for i in ids]
    by_key: dict[str, str] = {}  # one office however often (and however spelt) it is listed
    for name in expected or ():
        if office_key(name):
            by_key.setdefault(match_key(name), office_key(name))
    expected_names = list(by_key.values())
    matches = match_offices(agencies, expected_names, decisions(store)) \
        if expected_names else {}
    offices: list[OfficeStatus] = []
    rows: list[list[object]] = []
    scores: dict[str, dict[str, Decimal | None]] = {}
    columns: dict[str, ItemColumn] = {}
    order: dict[str, tuple[int, ...]] = {}
    rounds: dict[str, None] = {}
    expected_framework = _most_common_framework(store, ids)
    reference = try_load_framework(expected_framework) if expected_framework else None
    for report_id in ids:  # one report in memory at a time (1,000 offices)
        report = store.get_report(report_id)
        framework = try_load_framework(report.framework)
        rows.extend(entry_rows(report, framework))
        rounds[f"ปีงบประมาณ {report.fiscal_year} {report.round.title('arabic')}"] = None
        match = matches.get(report.agency)
        if match is None:
            offices.append(_status(report, "sent"))
        elif match.matched:
            offices.append(_status(report, "sent", office=None if match.how == "same"
                                   else match.office))
        else:
            offices.append(_status(report, "unexpected", proposal=match.office,
                                   proposal_score=match.score if match.office else None))
        per_item = scores.setdefault(report.agency, {})
        for position, entry in enumerate(report.entries):
            code = _column_key(entry.code_label, entry.item, report.framework,
                               expected_framework, framework, reference)
            per_item[code] = entry.score
            columns.setdefault(code, ItemColumn(code, entry.item_text))
            item = framework.item(entry.item.partition("-")[0]) if framework and entry.item \
                else None
            order.setdefault(code, (0, item.order) if item else (1, position))
    arrived = {m.office for m in matches.values() if m.matched}
    offices.extend(OfficeStatus(name, "missing") for name in expected_names
                   if name not in arrived)
    items = sorted(columns.values(), key=lambda c: order[c.code])
    return Summary(offices, rows, items, scores, list(rounds), expected_framework)


def _most_common_framework(store: Store, ids: list[int]) -> str | None:
    if not ids:
        return None
    counts: Counter[str] = Counter()
    for start in range(0, len(ids), 500):  # SQLite's variable limit
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        counts.update(str(row[0]) for row in store.conn.execute(
            f"SELECT framework FROM reports WHERE id IN ({marks})", chunk))  # noqa: S608
    if not counts:
        return None
    top = max(counts.values())
    return max(fid for fid, n in counts.items() if n == top)  # a tie: the newest id


def _column_key(code: str, item_code: str | None, framework_id: str, expected_id: str | None,
                framework: Framework | None, reference: Framework | None) -> str:
    """The column an entry's score goes to: its item code, unless the office reported on
    another framework version whose item of that code says something else — then a column of
    its own, ``"o25 (ita-2569)"``, so two different items never share one column."""
    if framework_id == expected_id or not item_code:
        return code
    base = item_code.partition("-")[0]
    mine = framework.item(base) if framework else None
    theirs = reference.item(base) if reference else None
    if mine is not None and theirs is not None and mine.text == theirs.text:
        return code
    return f"{code} ({framework_id})"


def _agency(store: Store, report_id: int) -> str:
    row = store.conn.execute("SELECT agency FROM reports WHERE id = ?", (report_id,)).fetchone()
    return str(row[0]) if row else ""  # an unknown id: get_report says so just after


def _status(report: Report, state: Literal["sent", "unexpected"], **match: Any) -> OfficeStatus:
    scored = [e.score for e in report.entries if e.score is not None]
    mean = (sum(scored, Decimal(0)) / len(scored)).quantize(Decimal("0.01"), ROUND_HALF_UP) if scored else None
    return OfficeStatus(
        agency=report.agency, state=state, report_id=report.id, fiscal_year=report.fiscal_year,
        round_title=report.round.title("arabic"), revision=report.revision,
        final=report.is_final, entries=len(report.entries), framework=report.framework,
        photos=sum(len(e.photos) for e in report.entries),
        without_result=sum(1 for e in report.entries if not e.result.strip()), mean_score=mean,
        status_counts=_status_counts(report), **match)


def _status_counts(report: Report) -> tuple[int, ...] | None:
    if "status" not in report.optional_columns and \
            not any(e.extra.get("status") for e in report.entries):
        return None
    counts = count_status(e.extra.get("status", "") for e in report.entries)
    return (*(counts[s] for s in STATUS_VALUES), counts[""])
