"""What the importer will accept, checked by the exporter: a package its own import would
refuse is refused at export, with the reason and the fix.

The limits are those of ``layout`` (read through the module, so both sides always use the same
values): file size, uncompressed total, per-member size, member and photo count, compression
ratio (a member deflated beyond it is stored instead: ``method_for``), and the text rules.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from ..base.errors import ItaError
from ..exchange.report_json import report_to_dict
from ..report.model import MAX_REVISION, Report
from ..text.safety import bad_text_message, find_bad_text
from . import layout

_RECOMPRESS = "ส่งออกใหม่โดยเลือก “ย่อภาพ” (ita export --recompress)"
_FEWER = "แบ่งรายการออกเป็นรายงานย่อยหรือลดจำนวนภาพในรายงาน"


class ExportRefused(ItaError):
    """The package would be refused by the import; nothing is written. ``recompress_helps``:
    smaller photos (``Recompress``) may bring it within the limits."""

    def __init__(self, message: str, *, where: str | None = None, english: str | None = None,
                 recompress_helps: bool = False):
        super().__init__(message, where=where, english=english)
        self.recompress_helps = recompress_helps


def _mb(size: int) -> str:
    return f"{size / layout.MiB:.0f} MB"


def check_report(report: Report) -> None:
    """Text and numbers the import refuses (data stored before those checks existed)."""
    found = find_bad_text(report_to_dict(report))
    if found is not None:
        where, ch = found
        thai, english = bad_text_message(where, ch)
        raise ExportRefused(f"ส่งออกไม่ได้: {thai}", where="report",
                            english=f"export refused: {english}")
    if not 1 <= report.revision <= MAX_REVISION:
        raise ExportRefused(f"ส่งออกไม่ได้: ฉบับที่ {report.revision} ของรายงานผิดปกติ — "
                            "สร้างรายงานใหม่จากไฟล์ JSON (ita dump / ita load)",
                            english=f"revision {report.revision} out of range")
    photos = len({p.sha256 for e in report.entries for p in e.photos})
    if photos > layout.max_photos():
        raise ExportRefused(
            f"ส่งออกไม่ได้: รายงานมีภาพ {photos} ภาพ แต่แพ็กเกจหนึ่งไฟล์รับได้ไม่เกิน "
            f"{layout.max_photos()} ภาพ — {_FEWER}",
            english=f"{photos} photos; a package holds at most {layout.max_photos()}")


def check_members(report: Report, members: Sequence[tuple[str, int]], *,
                  recompressed: bool) -> None:
    """Each member's size and the uncompressed total against the import's limits."""
    fix = _FEWER if recompressed else f"{_RECOMPRESS} หรือ{_FEWER}"
    if len(members) > layout.MAX_MEMBERS:
        raise ExportRefused(f"ส่งออกไม่ได้: แพ็กเกจจะมี {len(members)} ไฟล์ข้างใน เกินที่การนำเข้ารับได้ "
                            f"({layout.MAX_MEMBERS}) — {_FEWER}",
                            english=f"{len(members)} members over {layout.MAX_MEMBERS}")
    for name, size in members:
        limit = layout.member_limit(name)
        if size > limit:
            what = "ภาพ" if name.startswith("photos/") else "ไฟล์"
            raise ExportRefused(
                f"ส่งออกไม่ได้: {what} “{name}” มีขนาด {_mb(size)} เกินที่การนำเข้ารับได้ ({_mb(limit)}) "
                f"— {fix}", where=name, english=f"member {name} is {size} bytes, over {limit}",
                recompress_helps=not recompressed and name.startswith("photos/"))
    total = sum(size for _, size in members)
    if total > layout.MAX_TOTAL_BYTES:
        raise ExportRefused(
            f"ส่งออกไม่ได้: ข้อมูลในแพ็กเกจรวม {_mb(total)} เกินที่การนำเข้ารับได้ "
            f"({_mb(layout.MAX_TOTAL_BYTES)}) — {fix}",
            english=f"uncompressed total {total} over {layout.MAX_TOTAL_BYTES}",
            recompress_helps=not recompressed)


def check_package_size(report: Report, size: int, *, recompressed: bool) -> None:
    if size > layout.MAX_PACKAGE_BYTES:
        fix = _FEWER if recompressed else f"{_RECOMPRESS} หรือ{_FEWER}"
        raise ExportRefused(
            f"ส่งออกไม่ได้: แพ็กเกจจะมีขนาด {_mb(size)} เกินที่การนำเข้ารับได้ "
            f"({_mb(layout.MAX_PACKAGE_BYTES)}) — {fix}",
            english=f"package of {size} bytes over {layout.MAX_PACKAGE_BYTES}",
            recompress_helps=not recompressed)


def method_for(blob: bytes, method: int) -> int:
    """Deflate unless the import would take the result for a zip bomb (ratio over
    ``layout.MAX_RATIO`` past ``layout.RATIO_FREE_BYTES``): then store it as it is."""
    import zipfile

    if method != zipfile.ZIP_DEFLATED or len(blob) <= layout.RATIO_FREE_BYTES:
        return method
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile
    compressed = len(packer.compress(blob)) + len(packer.flush())
    if len(blob) > compressed * layout.MAX_RATIO * 0.9:  # a margin below the limit
        return zipfile.ZIP_STORED
    return method
