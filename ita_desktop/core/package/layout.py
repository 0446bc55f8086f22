"""The ``ita-package/1`` layout: member names, limits, the manifest and its checks.

A package is a zip holding ``manifest.json``, ``report.json`` (``ita-report/1``), the stored
photos (``photos/<sha256>.jpg`` and ``photos/<sha256>.thumb.jpg``) and, optionally, the printed
``report.pdf``. docs/package-format.md describes it for other programs;
docs/schemas/package-manifest.schema.json is the manifest's JSON Schema (kept in step with
``check_manifest`` below, which is what the app enforces: the schema library is not shipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..base.errors import FormatError
from ..report.model import MAX_REVISION

FORMAT = "ita-package/1"
FORMAT_PREFIX = "ita-package/"
SUFFIX = ".itapkg"

MANIFEST = "manifest.json"
REPORT = "report.json"
PDF = "report.pdf"
HISTORY = "history.json"  # optional, the audit trail (ita-history/1; store/audit.py)
_SHA = r"[0-9a-f]{64}"
PHOTO_RE = re.compile(rf"photos/({_SHA})\.jpg")
THUMB_RE = re.compile(rf"photos/({_SHA})\.thumb\.jpg")
SHA_RE = re.compile(_SHA)

# ------------------------------------------------------------------ limits (zip bombs and such)
MiB = 1024 * 1024
MAX_PACKAGE_BYTES = 512 * MiB  # the file itself
MAX_TOTAL_BYTES = 512 * MiB  # all members uncompressed
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = {MANIFEST: 4 * MiB, REPORT: 32 * MiB, PDF: 256 * MiB, HISTORY: 32 * MiB,
                    "photo": 32 * MiB,
                    "thumb": 2 * MiB}
MAX_RATIO = 100  # uncompressed / compressed, once a member passes RATIO_FREE_BYTES
RATIO_FREE_BYTES = 1 * MiB
MAX_PHOTO_SIDE = 8000  # px of a stored print image
MAX_THUMB_SIDE = 1024
EMAIL_LIMIT_BYTES = 20 * 1000 * 1000  # what common mail services accept (20 MB)


def max_photos() -> int:
    """Photos a package may hold: each is two members (print and thumbnail), besides the
    manifest, report.json and report.pdf."""
    return (MAX_MEMBERS - 3) // 2


# A package whose revision is this far above the stored one is put to the user, not imported
# over it (a real office reopens a report a few times per round).
MAX_REVISION_JUMP = 20


def member_kind(name: str) -> str | None:
    """manifest / report / pdf / photo / thumb, or None for a name the format does not have."""
    if name == MANIFEST:
        return "manifest"
    if name == REPORT:
        return "report"
    if name == PDF:
        return "pdf"
    if name == HISTORY:
        return "history"
    if PHOTO_RE.fullmatch(name):
        return "photo"
    if THUMB_RE.fullmatch(name):
        return "thumb"
    return None


def member_limit(name: str) -> int:
    kind = member_kind(name)
    if kind in ("photo", "thumb"):
        return MAX_MEMBER_BYTES[kind]
    return MAX_MEMBER_BYTES.get(name, 0)


def photo_name(sha256: str) -> str:
    return f"photos/{sha256}.jpg"


def thumb_name(sha256: str) -> str:
    return f"photos/{sha256}.thumb.jpg"


# ------------------------------------------------------------------ manifest
@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class PhotoInfo:
    """What the store keeps about a photo besides its JPEGs."""

    sha256: str
    width: int
    height: int
    original_name: str = ""
    original_bytes: int = 0
    original_format: str = ""


@dataclass(frozen=True)
class Identity:
    uuid: str
    agency: str
    fiscal_year: int
    round: str  # "6m", "12m", "custom"
    revision: int


@dataclass(frozen=True)
class FrameworkRef:
    """The framework the report was written on, as the sending office had it: its id (which
    carries the version, ``ita-2570.2``), the version number and the SHA-256 of its text
    (core/framework/transfer.text_hash), so the upper office sees who reported on what."""
    id: str
    version: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format: str
    app_version: str
    created_at: str
    identity: Identity
    members: tuple[Member, ...]
    photos: tuple[PhotoInfo, ...]
    framework: FrameworkRef | None = None  # optional: packages made before it was added

    def to_dict(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "format": self.format,
            "app": {"name": "ITA Desktop", "version": self.app_version},
            "created_at": self.created_at,
            "report": {"uuid": ident.uuid, "agency": ident.agency,
                       "fiscal_year": ident.fiscal_year, "round": ident.round,
                       "revision": ident.revision},
            "members": [{"name": m.name, "sha256": m.sha256, "size": m.size}
                        for m in self.members],
            "photos": [{"sha256": p.sha256, "width": p.width, "height": p.height,
                        "original_name": p.original_name, "original_bytes": p.original_bytes,
                        "original_format": p.original_format} for p in self.photos],
            **({"framework": {"id": self.framework.id, "version": self.framework.version,
                              "sha256": self.framework.sha256}} if self.framework else {}),
        }


class _Checker:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str, english: str) -> FormatError:
        return FormatError(f"{message} — {_DAMAGED_HINT}", where=f"{self.source}: {where}",
                           english=english)

    def obj(self, value: Any, where: str, keys: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "ต้องเป็นชุดข้อมูล { ... }", f"{where} must be an object")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.fail(where, f"มีคีย์ที่ไม่รู้จัก: {', '.join(unknown)}",
                            f"{where} has unknown keys {unknown}")
        missing = sorted(required - set(value))
        if missing:
            raise self.fail(where, f"ขาดคีย์ที่ต้องมี: {', '.join(missing)}",
                            f"{where} lacks {missing}")
        return value

    def text(self, value: Any, where: str, *, max_len: int = 10_000) -> str:
        if not isinstance(value, str) or len(value) > max_len:
            raise self.fail(where, "ต้องเป็นข้อความ", f"{where} must be a string")
        return value

    def integer(self, value: Any, where: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(where, f"ต้องเป็นจำนวนเต็ม {low}–{high}",
                            f"{where} must be an integer {low}-{high}")
        return value

    def sha(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not SHA_RE.fullmatch(value):
            raise self.fail(where, "ต้องเป็นค่า SHA-256 (ตัวอักษร 0-9 a-f ๖๔ ตัว)",
                            f"{where} must be a lowercase hex SHA-256")
        return value

    def array(self, value: Any, where: str, max_items: int) -> list[Any]:
        if not isinstance(value, list) or len(value) > max_items:
            raise self.fail(where, "ต้องเป็นรายการ [ ... ]", f"{where} must be an array")
        return value


_DAMAGED_HINT = "ไฟล์แพ็กเกจเสียหรือถูกแก้ไข ขอให้หน่วยงานที่ส่งส่งออกแพ็กเกจใหม่"


def check_format(value: Any, source: str) -> None:
    """A later format asks for an update; anything else is not a package of ours."""
    if value == FORMAT:
        return
    if isinstance(value, str) and value.startswith(FORMAT_PREFIX):
        raise FormatError(
            f"แพ็กเกจนี้เป็นรูปแบบ “{value[:40]}” ซึ่งใหม่กว่าที่โปรแกรมนี้รู้จัก (“{FORMAT}”) — "
            "ปรับปรุงโปรแกรม ITA Desktop เป็นรุ่นล่าสุดแล้วนำเข้าอีกครั้ง",
            where=source, english=f"package format {value!r} is newer than {FORMAT}; update the app")
    raise FormatError(f"ไม่ใช่แพ็กเกจรายงาน ITA (manifest.json ต้องมี \"format\": \"{FORMAT}\") — "
                      "เลือกไฟล์ .itapkg ที่ส่งออกจาก ITA Desktop",
                      where=source, english="not an ITA package (bad manifest format)")


def check_manifest(data: Any, source: str) -> Manifest:
    """The manifest, checked key by key (the rules of the JSON Schema)."""
    c = _Checker(source)
    if isinstance(data, dict):
        if "format" not in data:
            check_format(None, source)
        check_format(data["format"], source)
    top = c.obj(data, "manifest",
                {"format", "app", "created_at", "report", "members", "photos", "framework"},
                {"format", "app", "created_at", "report", "members", "photos"})
    app = c.obj(top["app"], "manifest.app", {"name", "version"}, {"version"})
    c.text(app.get("name", ""), "manifest.app.name", max_len=200)
    version = c.text(app["version"], "manifest.app.version", max_len=100)
    created = c.text(top["created_at"], "manifest.created_at", max_len=100)
    rep = c.obj(top["report"], "manifest.report",
                {"uuid", "agency", "fiscal_year", "round", "revision"},
                {"uuid", "agency", "fiscal_year", "round", "revision"})
    rnd = rep["round"]
    if rnd not in ("6m", "12m", "custom"):
        raise c.fail("manifest.report.round", "ต้องเป็น 6m, 12m หรือ custom",
                     "round must be 6m, 12m or custom")
    identity = Identity(
        uuid=c.text(rep["uuid"], "manifest.report.uuid", max_len=100),
        agency=c.text(rep["agency"], "manifest.report.agency", max_len=1000),
        fiscal_year=c.integer(rep["fiscal_year"], "manifest.report.fiscal_year", 2500, 2700),
        round=rnd,
        revision=c.integer(rep["revision"], "manifest.report.revision", 1, MAX_REVISION))
    members = []
    for n, raw in enumerate(c.array(top["members"], "manifest.members", MAX_MEMBERS)):
        where = f"manifest.members[{n}]"
        m = c.obj(raw, where, {"name", "sha256", "size"}, {"name", "sha256", "size"})
        members.append(Member(c.text(m["name"], f"{where}.name", max_len=300),
                              c.sha(m["sha256"], f"{where}.sha256"),
                              c.integer(m["size"], f"{where}.size", 0, 2**40)))
    photos = []
    for n, raw in enumerate(c.array(top["photos"], "manifest.photos", MAX_MEMBERS)):
        where = f"manifest.photos[{n}]"
        p = c.obj(raw, where, {"sha256", "width", "height", "original_name", "original_bytes",
                               "original_format"}, {"sha256", "width", "height"})
        photos.append(PhotoInfo(
            c.sha(p["sha256"], f"{where}.sha256"),
            c.integer(p["width"], f"{where}.width", 1, MAX_PHOTO_SIDE),
            c.integer(p["height"], f"{where}.height", 1, MAX_PHOTO_SIDE),
            c.text(p.get("original_name", ""), f"{where}.original_name", max_len=1000),
            c.integer(p.get("original_bytes", 0), f"{where}.original_bytes", 0, 2**40),
            c.text(p.get("original_format", ""), f"{where}.original_format", max_len=20)))
    framework = None
    if "framework" in top:
        f = c.obj(top["framework"], "manifest.framework", {"id", "version", "sha256"},
                  {"id", "version", "sha256"})
        framework = FrameworkRef(c.text(f["id"], "manifest.framework.id", max_len=100),
                                 c.integer(f["version"], "manifest.framework.version", 1, 9999),
                                 c.sha(f["sha256"], "manifest.framework.sha256"))
    return Manifest(FORMAT, version, created, identity, tuple(members), tuple(photos), framework)
