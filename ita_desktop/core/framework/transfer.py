"""The framework file an upper office sends down: ``.itaform`` (format ``ita-framework/1``,
docs/framework-file.md).

One JSON object: the format name, the framework's id, fiscal year and version, the SHA-256 of
its text, and the text itself (the same YAML as a bundled form file, comments included, so
what the offices receive is exactly what the upper office checked). Reading one is hostile
input: size capped, JSON checked (depth, numbers, text), the hash verified, then the YAML goes
through the same checks as every framework file. Nothing is written until all of that passed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..base.boundary import LIMITS, load_json, read_capped
from ..base.errors import FormError, ItaError
from . import catalog
from .definition import Framework, parse_framework
from .versions import split_version, target_id

FORMAT = "ita-framework/1"
SUFFIX = ".itaform"
KEYS = {"format", "id", "fiscal_year", "version", "sha256", "framework_yaml"}


@dataclass(frozen=True)
class FrameworkFile:
    framework: Framework
    text: str      # the framework's YAML, as checked
    sha256: str


@dataclass(frozen=True)
class Installed:
    framework_id: str   # where it was installed (a new version when reports use the old one)
    status: str         # "installed", "already-here", "new-version"
    note: str           # one Thai line for the clerk


def text_hash(text: str) -> str:
    """SHA-256 of the framework text with line ends made Unix-style (a file that went
    through Windows Notepad is still the same framework)."""
    canonical = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export_bytes(framework_id: str) -> bytes:
    """The ``.itaform`` of an installed framework."""
    framework = catalog.load_framework(framework_id)  # checked, or a FormError
    text = catalog.available()[framework_id].path.read_text(encoding="utf-8")
    return document_bytes(FrameworkFile(framework, text, text_hash(text)))


def document_bytes(checked: FrameworkFile) -> bytes:
    framework = checked.framework
    document = {"format": FORMAT, "id": framework.id, "fiscal_year": framework.fiscal_year,
                "version": split_version(framework.id)[1], "sha256": checked.sha256,
                "framework_yaml": checked.text}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _refused(source: str, thai: str, english: str) -> FormError:
    return FormError(thai, where=source, english=english)


def read_itaform(path: Path) -> FrameworkFile:
    """Check an ``.itaform`` completely; raises FormError saying what is wrong."""
    source = str(path)
    data = read_capped(path, LIMITS.framework_bytes * 2, "ไฟล์กรอบการประเมิน")
    return parse_itaform(data, source)


def read_any(path: Path) -> FrameworkFile:
    """An ``.itaform`` or a plain form file (``.yaml``), checked."""
    if path.suffix.lower() == SUFFIX:
        return read_itaform(path)
    from .definition import read_form_text

    text = read_form_text(path)
    return FrameworkFile(parse_framework(text, str(path)), text, text_hash(text))


def parse_itaform(data: bytes, source: str) -> FrameworkFile:
    try:
        document = load_json(data, source, "ไฟล์กรอบการประเมิน")
    except ItaError as exc:
        raise FormError(exc.message, where=exc.where, english=exc.english) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refused(source, "ไฟล์นี้ไม่ใช่ไฟล์กรอบการประเมิน ITA (.itaform) — ขอไฟล์ที่ส่งออกจาก "
                       "ITA Desktop จากหน่วยงานต้นสังกัดอีกครั้ง", "not an ita-framework/1 file")
    unknown = sorted(set(document) - KEYS)
    missing = sorted(KEYS - set(document))
    if missing:
        raise _refused(source, f"ไฟล์กรอบการประเมินไม่ครบ (ขาด {', '.join(missing)}) — ขอไฟล์ใหม่จาก"
                       "หน่วยงานต้นสังกัด", f"missing keys: {', '.join(missing)}")
    if unknown:
        raise _refused(source, f"ไฟล์กรอบการประเมินมีข้อมูลที่โปรแกรมรุ่นนี้ไม่รู้จัก ({', '.join(unknown)[:80]}) "
                       "— ติดตั้ง ITA Desktop รุ่นใหม่กว่า หรือขอไฟล์ที่ส่งออกจากรุ่นเดียวกัน",
                       f"unknown keys: {', '.join(unknown)[:80]}")
    text, declared = document["framework_yaml"], document["sha256"]
    if not isinstance(text, str) or not isinstance(declared, str):
        raise _refused(source, "ไฟล์กรอบการประเมินเสีย (ข้อความกรอบหรือค่าตรวจสอบไม่ใช่ข้อความ) — "
                       "ขอไฟล์ใหม่จากหน่วยงานต้นสังกัด", "framework_yaml/sha256 not text")
    if text_hash(text) != declared.lower():
        raise _refused(source, "ไฟล์กรอบการประเมินถูกแก้ไขหรือเสียระหว่างทาง (ค่าตรวจสอบ SHA-256 "
                       "ไม่ตรง) — ขอไฟล์ใหม่จากหน่วยงานต้นสังกัด", "sha256 mismatch")
    framework = parse_framework(text, source, expected_id=str(document["id"]))
    if document["fiscal_year"] != framework.fiscal_year or \
            document["version"] != split_version(framework.id)[1]:
        raise _refused(source, "ปีงบประมาณหรือฉบับที่ระบุในไฟล์ไม่ตรงกับกรอบการประเมินในไฟล์ — "
                       "ขอไฟล์ใหม่จากหน่วยงานต้นสังกัด", "fiscal_year/version differ from the text")
    return FrameworkFile(framework, text, text_hash(text))


def install(incoming: FrameworkFile, used: dict[str, list[int]] | None = None) -> Installed:
    """Install a checked framework in the user's forms folder.

    Same id and same text: nothing to do. Same id, other text, and reports use the installed
    one: installed as the next version (the reports keep theirs). ``used`` is
    ``versions.usage(store.list_reports(include_trashed=True))`` (None: no database at hand,
    so a different framework of the same id is refused rather than risk changing a report's).
    """
    framework = incoming.framework
    files = catalog.available()
    current = files.get(framework.id)
    if current is not None:
        if text_hash(current.path.read_text(encoding="utf-8")) == incoming.sha256:
            return Installed(framework.id, "already-here",
                             f"มีกรอบการประเมิน {framework.id} ฉบับเดียวกันนี้อยู่แล้ว ไม่ได้เปลี่ยนอะไร")
        if used is None:
            raise FormError(f"มีกรอบการประเมิน {framework.id} อยู่แล้วแต่เนื้อหาต่างกัน — นำเข้าโดยเปิดฐานข้อมูล"
                            "รายงาน (ita --db …) เพื่อให้โปรแกรมตรวจว่ารายงานใดใช้กรอบนี้อยู่",
                            where=framework.id, english="same id, other content; no database")
    where = target_id(framework.id, used or {}, files, unchanged=current is None)
    text = incoming.text
    if where != framework.id:
        text = _renamed(text, framework.id, where)
        parse_framework(text, where, expected_id=where)  # the renamed file still checks
    replaced = catalog.install_form_text(text, where)
    if where != framework.id:
        count = len((used or {}).get(framework.id, []))
        return Installed(where, "new-version",
                         f"รายงาน {count} ฉบับใช้กรอบ {framework.id} ฉบับเดิมอยู่ จึงติดตั้งกรอบที่ได้รับเป็น"
                         f"ฉบับใหม่ {where} (รายงานเดิมไม่เปลี่ยน ย้ายรายงานไปฉบับใหม่ได้เมื่อพร้อม)")
    note = f" (แทนที่ไฟล์เดิม {replaced.path}; เก็บไฟล์เดิมไว้เป็น .bak)" if replaced else ""
    return Installed(where, "installed", f"ติดตั้งกรอบการประเมิน {where} แล้ว{note}")


def _renamed(text: str, old: str, new: str) -> str:
    """The framework text with its top-level ``id:`` changed (comments kept)."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if line.startswith("id:") and line.split(":", 1)[1].strip().strip("'\"") == old:
            lines[n] = f"id: {new}\n"
            return "".join(lines)
    raise FormError("หาบรรทัด id: ของกรอบการประเมินไม่พบ", where=old, english="no top-level id line")
