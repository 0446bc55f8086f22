"""Open a package and check all of it, in memory, before the store sees anything.

``read_package`` returns the report and its photos only when every check passed: the zip
(``safezip``), the manifest (``layout.check_manifest``), every member's size and SHA-256, the
report data (``interchange.parse_report``), the identity in the manifest against the report,
every photo present and decoding (``photocheck``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import FormatError, ItaError
from ..exchange.report_json import parse_report
from ..photos.processed import ProcessedPhoto
from ..report.model import Report
from ..store import audit
from ..text import safety as textsafety
from ..text.names import normalise_agency
from . import layout, photocheck, safezip
from .layout import Manifest

_RESEND = "ขอให้หน่วยงานที่ส่งส่งออกแพ็กเกจใหม่"


@dataclass(frozen=True)
class CheckedPackage:
    manifest: Manifest
    report: Report
    photos: dict[str, ProcessedPhoto]  # every photo the report refers to
    report_json: bytes  # as stored in the package
    has_pdf: bool
    history: tuple[dict[str, Any], ...] = ()  # checked events of history.json (optional)


def read_package_file(path: str | Path) -> CheckedPackage:
    path = Path(path)
    source = path.name
    try:
        size = path.stat().st_size
        if size > layout.MAX_PACKAGE_BYTES:
            raise safezip.refuse(source, f"ไฟล์แพ็กเกจใหญ่เกินไป ({size / layout.MiB:.0f} MB) — "
                                 "ส่งออกแพ็กเกจใหม่โดยเลือกย่อภาพ", "package file is too large")
        with path.open("rb") as stream:
            data = stream.read(layout.MAX_PACKAGE_BYTES + 1)
    except IsADirectoryError:
        raise FormatError("ที่เลือกเป็นโฟลเดอร์ ไม่ใช่ไฟล์แพ็กเกจ — เลือกไฟล์ .itapkg",
                          where=str(path), english="is a folder") from None
    except FileNotFoundError:
        raise FormatError("ไม่พบไฟล์แพ็กเกจ — ไฟล์อาจถูกย้ายหรือลบไปแล้ว ให้เลือกไฟล์ใหม่",
                          where=str(path), english="file not found") from None
    except OSError as exc:
        raise FormatError(f"เปิดไฟล์แพ็กเกจไม่ได้ ({exc.strerror}) — ตรวจสอบแฟลชไดรฟ์ "
                          "หรือคัดลอกไฟล์มาไว้ในเครื่องก่อน", where=str(path),
                          english=f"cannot read the file: {exc}") from None
    return read_package(data, source)


def read_package(data: bytes, source: str = "package") -> CheckedPackage:
    """Check a whole package (bytes of the .itapkg file). Raises FormatError, never anything
    else, for any damaged or hostile input."""
    zf = safezip.open_zip(data, source)
    with zf:
        entries = safezip.check_entries(zf, source, len(data))
        budget = safezip.Budget(source)
        if layout.MANIFEST not in entries:
            raise safezip.refuse(source, "แพ็กเกจไม่มี manifest.json — ไม่ใช่แพ็กเกจของ ITA Desktop "
                                 f"หรือไฟล์เสีย {_RESEND}", "manifest.json is missing")
        manifest_bytes = safezip.read_member(zf, entries[layout.MANIFEST], source, budget)
        manifest_data = _json(manifest_bytes, source, layout.MANIFEST)
        _check_text(manifest_data, source, layout.MANIFEST)
        manifest = layout.check_manifest(manifest_data, source)
        members = _read_members(zf, entries, manifest, source, budget)
    report_json = members[layout.REPORT]
    report, photos = _parse(report_json, members, manifest, source)
    if layout.PDF in members and not members[layout.PDF].startswith(b"%PDF-"):
        raise safezip.refuse(source, f"ไฟล์ report.pdf ในแพ็กเกจไม่ใช่ PDF — {_RESEND}",
                             "report.pdf is not a PDF", layout.PDF)
    history: list[dict[str, Any]] = []
    if layout.HISTORY in members:  # packages from before the audit trail have none
        try:
            history = audit.parse_package(members[layout.HISTORY], report.uuid,
                                          len(report.entries))
        except audit.HistoryFormatError as exc:
            raise safezip.refuse(source, f"ไฟล์ประวัติการแก้ไข (history.json) ในแพ็กเกจผิดรูปแบบ — "
                                 f"{_RESEND}", f"bad history.json: {exc}",
                                 layout.HISTORY) from None
    return CheckedPackage(manifest, report, photos, report_json, layout.PDF in members,
                          tuple(history))


def _read_members(zf: Any, entries: dict[str, Any], manifest: Manifest, source: str,
                  budget: safezip.Budget) -> dict[str, bytes]:
    listed: dict[str, layout.Member] = {}
    for member in manifest.members:
        if member.name in listed or member.name == layout.MANIFEST:
            raise safezip.refuse(source, f"manifest.json ระบุไฟล์ “{member.name[:80]}” ซ้ำหรือผิด — "
                                 f"{_RESEND}", "duplicate or invalid name in manifest.members")
        listed[member.name] = member
    if layout.REPORT not in listed:
        raise safezip.refuse(source, f"manifest.json ไม่ได้ระบุ report.json — {_RESEND}",
                             "report.json is not listed in the manifest")
    extra = sorted(set(entries) - set(listed) - {layout.MANIFEST})
    if extra:
        raise safezip.refuse(source, f"แพ็กเกจมีไฟล์ “{extra[0][:80]}” ที่ manifest.json ไม่ได้ระบุ — "
                             f"ไฟล์ถูกแก้ไข {_RESEND}", "member not listed in the manifest", extra[0])
    missing = sorted(set(listed) - set(entries))
    if missing:
        what = "ภาพ" if missing[0].startswith("photos/") else "ไฟล์"
        raise safezip.refuse(source, f"{what} “{missing[0][:80]}” หายไปจากแพ็กเกจ — ไฟล์ส่งมาไม่ครบ "
                             f"{_RESEND}", "member listed in the manifest is missing", missing[0])
    out: dict[str, bytes] = {}
    for name, member in listed.items():
        if member.size > layout.member_limit(name):
            raise safezip.refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจใหญ่เกินกำหนด — {_RESEND}",
                                 "member size in the manifest over the limit", name)
        data = safezip.read_member(zf, entries[name], source, budget)
        if len(data) != member.size:
            raise safezip.refuse(source, f"ขนาดของไฟล์ “{name}” ไม่ตรงกับที่ manifest.json ระบุ — "
                                 f"ไฟล์ไม่ครบหรือถูกแก้ไข {_RESEND}", "size mismatch", name)
        if hashlib.sha256(data).hexdigest() != member.sha256:
            raise safezip.refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจไม่ตรงกับค่าตรวจสอบ (SHA-256) — "
                                 f"ไฟล์เสียหรือถูกแก้ไขระหว่างส่ง {_RESEND}", "checksum mismatch",
                                 name)
        out[name] = data
    return out


def _json(data: bytes, source: str, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise safezip.refuse(source, f"ไฟล์ {name} ในแพ็กเกจไม่ใช่ข้อความ UTF-8 — {_RESEND}",
                             "not UTF-8", name) from None
    except json.JSONDecodeError as exc:
        raise safezip.refuse(source, f"ไฟล์ {name} ในแพ็กเกจเป็น JSON ที่ผิดรูปแบบ (บรรทัด "
                             f"{exc.lineno} ตำแหน่ง {exc.colno}) — {_RESEND}",
                             f"bad JSON: {exc.msg}", name) from None
    except (RecursionError, ValueError) as exc:
        raise safezip.refuse(source, f"ไฟล์ {name} ในแพ็กเกจเป็น JSON ที่อ่านไม่ได้ — {_RESEND}",
                             f"bad JSON: {type(exc).__name__}", name) from None


def _parse(report_json: bytes, members: dict[str, bytes], manifest: Manifest, source: str
           ) -> tuple[Report, dict[str, ProcessedPhoto]]:
    data = _json(report_json, source, layout.REPORT)
    _check_text(data, source, layout.REPORT)
    info = {p.sha256: p for p in manifest.photos}
    where_of: dict[str, str] = {}

    def load_photo(file: str, where: str) -> ProcessedPhoto:
        match = layout.PHOTO_RE.fullmatch(file)
        if match is None:
            raise safezip.refuse(source, f"ภาพอ้างถึงไฟล์ “{file[:80]}” ซึ่งไม่ใช่ภาพในแพ็กเกจ — "
                                 f"{_RESEND}", "photo file is not photos/<sha256>.jpg",
                                 f"report.json: {where}.file")
        sha = match.group(1)
        thumb = layout.thumb_name(sha)
        if file not in members or thumb not in members or sha not in info:
            raise safezip.refuse(source, f"ไม่พบภาพ “{file}” ในแพ็กเกจ (รายงานอ้างถึงที่ {where}) — "
                                 f"ไฟล์ส่งมาไม่ครบ {_RESEND}", "missing photo",
                                 f"report.json: {where}")
        meta = info[sha]
        where_of.setdefault(sha, where)
        return ProcessedPhoto(sha256=sha, print_jpeg=members[file], thumb_jpeg=members[thumb],
                              width=meta.width, height=meta.height,
                              original_name=meta.original_name,
                              original_bytes=meta.original_bytes,
                              original_format=meta.original_format)

    try:
        report, photos = parse_report(data, f"{source}: report.json", load_photo)
    except ItaError as exc:
        if "—" in exc.message:
            raise
        raise FormatError(f"ข้อมูลรายงานในแพ็กเกจไม่ถูกต้อง: {exc.message} — {_RESEND}",
                          where=exc.where, english=exc.english or "bad report data") from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError,
            OverflowError, ArithmeticError) as exc:
        raise safezip.refuse(source, f"ข้อมูลใน report.json มีชนิดข้อมูลผิด — {_RESEND}",
                             f"wrong types in report.json: {type(exc).__name__}: {exc}",
                             layout.REPORT) from None
    if report.created_at is not None and (not isinstance(report.created_at, str)
                                          or len(report.created_at) > 100):
        raise safezip.refuse(source, f"ข้อมูลใน report.json มีชนิดข้อมูลผิด — {_RESEND}",
                             "report.created_at must be a string", "report.json: report.created_at")
    report.agency = normalise_agency(report.agency)  # no look-alike office names get in
    _check_refs(data, report, photos, source)
    _check_identity(report, manifest, source)
    photocheck.check_all(
        [job for sha, p in photos.items() for job in (
            (layout.photo_name(sha), p.print_jpeg, (p.width, p.height), layout.MAX_PHOTO_SIDE),
            (layout.thumb_name(sha), p.thumb_jpeg, None, layout.MAX_THUMB_SIDE))], source)
    return report, photos


def _check_refs(data: Any, report: Report, photos: dict[str, ProcessedPhoto], source: str
                ) -> None:
    """Every photo names its file in the package, and the file agrees with its sha256."""
    for n, raw in enumerate(data.get("entries") or []):
        for m, photo in enumerate(raw.get("photos") or []):
            where = f"report.json: entries[{n}].photos[{m}]"
            if "file" not in photo:
                raise safezip.refuse(source, f"ภาพไม่ได้ระบุไฟล์ในแพ็กเกจ — {_RESEND}",
                                     "photo without a file", where)
            if "sha256" in photo and photo["file"] != layout.photo_name(str(photo["sha256"])):
                raise safezip.refuse(source, f"ค่า sha256 ของภาพไม่ตรงกับชื่อไฟล์ — {_RESEND}",
                                     "photo sha256 differs from its file name", where)
    for entry in report.entries:
        for ref in entry.photos:
            if ref.sha256 not in photos:
                raise safezip.refuse(source, f"ไม่พบภาพ {ref.sha256[:12]}… ในแพ็กเกจ — {_RESEND}",
                                     "missing photo", "report.json")


def _check_text(data: Any, source: str, name: str) -> None:
    """No control character, lone surrogate or noncharacter anywhere (they crash the xlsx,
    the PDF and the terminal): refused, naming the field."""
    found = textsafety.find_bad_text(data)
    if found is not None:
        where, ch = found
        thai, english = textsafety.bad_text_message(where, ch)
        raise safezip.refuse(source, f"{thai.split(' — ')[0]} — ไฟล์อาจถูกแก้ไข {_RESEND}",
                             english, f"{name}: {where}")


def _check_identity(report: Report, manifest: Manifest, source: str) -> None:
    ident = manifest.identity
    mine = (report.uuid, normalise_agency(report.agency), report.fiscal_year, report.round.kind,
            report.revision)
    theirs = (ident.uuid, normalise_agency(ident.agency), ident.fiscal_year, ident.round,
              ident.revision)
    if mine != theirs:
        raise safezip.refuse(source, "ข้อมูลรายงานใน manifest.json ไม่ตรงกับ report.json "
                             f"(หน่วยงาน ปี รอบ หรือฉบับที่) — {_RESEND}",
                             "manifest identity differs from report.json", layout.MANIFEST)
