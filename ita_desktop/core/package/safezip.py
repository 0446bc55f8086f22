"""Reading an untrusted zip without trusting it: every member checked by name, type and
size, and read with bounded reads (header sizes are never believed). Nothing touches the disk.

Every refusal is a ``FormatError`` with a Thai message; whatever ``zipfile``, ``zlib`` or
``struct`` raise on damaged bytes is turned into one.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..base.errors import FormatError
from . import layout

_READ_CHUNK = 256 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, ValueError,
    NotImplementedError, RuntimeError, UnicodeDecodeError, OverflowError, IndexError, KeyError)
_RESEND = "ขอให้หน่วยงานที่ส่งส่งออกแพ็กเกจใหม่"


def refuse(source: str, message: str, english: str, where: str | None = None) -> FormatError:
    return FormatError(message, where=f"{source}: {where}" if where else source, english=english)


@contextmanager
def _zip_errors(source: str, what: str) -> Iterator[None]:
    try:
        yield
    except FormatError:
        raise
    except MemoryError:
        raise refuse(source, "หน่วยความจำของเครื่องไม่พอสำหรับเปิดแพ็กเกจนี้ — ปิดโปรแกรมอื่นแล้วลองใหม่",
                     "out of memory") from None
    except _ZIP_ERRORS as exc:
        raise refuse(source, f"ไฟล์แพ็กเกจเสียหาย ({what}) — ไฟล์อาจคัดลอกมาไม่ครบหรือถูกแก้ไข "
                     f"คัดลอกไฟล์มาใหม่ หรือ{_RESEND}",
                     f"damaged zip ({what}): {type(exc).__name__}: {exc}") from None


def open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """The zip's directory, checked: not a zip / truncated are told apart."""
    if len(data) > layout.MAX_PACKAGE_BYTES:
        raise refuse(source, f"ไฟล์แพ็กเกจใหญ่เกินไป ({len(data) / layout.MiB:.0f} MB; รับได้ไม่เกิน "
                     f"{layout.MAX_PACKAGE_BYTES // layout.MiB} MB) — ส่งออกแพ็กเกจใหม่โดยเลือกย่อภาพ",
                     "package file is too large")
    if len(data) < 4 or not data.startswith(b"PK"):
        raise refuse(source, "ไฟล์นี้ไม่ใช่แพ็กเกจรายงาน ITA (ไม่ใช่ไฟล์ zip) — เลือกไฟล์ .itapkg "
                     "ที่ส่งออกจาก ITA Desktop", "not a zip file")
    try:
        with _zip_errors(source, "สารบัญของไฟล์ zip"):
            return zipfile.ZipFile(io.BytesIO(data))
    except FormatError as exc:
        if "not a zip file" in (exc.english or "").lower():  # no end-of-directory record
            raise refuse(source, "ไฟล์แพ็กเกจไม่ครบ (ตอนท้ายของไฟล์ขาดหายไป) — ไฟล์อาจคัดลอกหรือ"
                         f"ดาวน์โหลดมาไม่ครบ คัดลอกไฟล์มาใหม่ หรือ{_RESEND}",
                         "truncated zip (no end of central directory)") from None
        raise


def check_entries(zf: zipfile.ZipFile, source: str, archive_size: int
                  ) -> dict[str, zipfile.ZipInfo]:
    """Name -> entry, after refusing escaping paths, links, duplicates, unknown members,
    encryption, unusual compression and impossible sizes."""
    infos = zf.infolist()
    if len(infos) > layout.MAX_MEMBERS:
        raise refuse(source, f"แพ็กเกจมีไฟล์ข้างในมากเกินไป ({len(infos)}) — {_RESEND}",
                     "too many members")
    seen: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    for info in infos:
        name = info.filename
        _check_name(name, source)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise refuse(source, f"แพ็กเกจมีลิงก์ (symbolic link) “{_shown(name)}” ซึ่งไม่อนุญาต — "
                         f"{_RESEND}", "member is a symbolic link", name)
        if info.is_dir() or (mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode)):
            raise refuse(source, f"แพ็กเกจมีรายการที่ไม่ใช่ไฟล์ “{_shown(name)}” — {_RESEND}",
                         "member is not a regular file", name)
        if name in seen or name.casefold() in folded:
            raise refuse(source, f"แพ็กเกจมีไฟล์ชื่อซ้ำกัน “{_shown(name)}” — ไฟล์ถูกแก้ไขหรือเสีย "
                         f"{_RESEND}", "duplicate member name", name)
        if layout.member_kind(name) is None:
            raise refuse(source, f"แพ็กเกจมีไฟล์ที่รูปแบบนี้ไม่มี “{_shown(name)}” — {_RESEND}",
                         "unexpected member", name)
        if info.flag_bits & 0x1:
            raise refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจถูกเข้ารหัสไว้ — ส่งออกแพ็กเกจใหม่โดยไม่ตั้งรหัสผ่าน",
                         "encrypted member", name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจใช้วิธีบีบอัดที่ไม่รองรับ — {_RESEND}",
                         f"unsupported compression {info.compress_type}", name)
        if info.compress_size > archive_size or info.header_offset > archive_size:
            raise refuse(source, f"ขนาดของ “{name}” ในสารบัญของแพ็กเกจผิด — ไฟล์เสีย {_RESEND}",
                         "compressed size larger than the file", name)
        seen[name] = info
        folded.add(name.casefold())
    return seen


def _shown(name: str) -> str:
    return name[:80].encode("unicode_escape").decode("ascii") if not name.isprintable() \
        else name[:80]


def _check_name(name: str, source: str) -> None:
    if not name:
        raise refuse(source, f"แพ็กเกจมีไฟล์ที่ไม่มีชื่อ — ไฟล์เสีย {_RESEND}", "empty member name")
    escaping = ("\\" in name or name.startswith("/") or _DRIVE.match(name) is not None
                or any(part in ("..", ".") for part in name.split("/")) or "\x00" in name)
    if escaping:
        raise refuse(source, f"แพ็กเกจมีไฟล์ที่ชื่อชี้ออกนอกแพ็กเกจ “{_shown(name)}” (เช่น ../ หรือ "
                     f"C:\\) ซึ่งอาจเป็นไฟล์อันตราย — ไม่นำเข้า และ{_RESEND}",
                     "member path escapes the package", None)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str,
                budget: Callable[[int], None]) -> bytes:
    """The member's bytes, read in chunks and stopped at its limit, the total budget and the
    compression ratio; ``budget(n)`` is told of every chunk and raises when the total is spent."""
    name = info.filename
    limit = layout.member_limit(name)
    ratio_cap = max(layout.RATIO_FREE_BYTES, info.compress_size * layout.MAX_RATIO)
    chunks: list[bytes] = []
    total = 0
    with _zip_errors(source, f"ไฟล์ {name}"), zf.open(info) as stream:
        while True:
            chunk = stream.read(_READ_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจใหญ่เกินกำหนด (เกิน "
                             f"{limit / layout.MiB:.0f} MB) — แพ็กเกจอาจเป็นไฟล์อันตราย (zip bomb) "
                             f"ไม่นำเข้า และ{_RESEND}", "member larger than its limit", name)
            if total > ratio_cap:
                raise refuse(source, f"ไฟล์ “{name}” ในแพ็กเกจขยายตัวผิดปกติเมื่อแตกไฟล์ "
                             f"(เกิน {layout.MAX_RATIO} เท่า) — แพ็กเกจอาจเป็นไฟล์อันตราย (zip bomb) "
                             f"ไม่นำเข้า และ{_RESEND}", "compression ratio too high", name)
            budget(len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)


class Budget:
    """The total uncompressed bytes a package may hold."""

    def __init__(self, source: str, limit: int | None = None):
        self.source = source
        self.left = layout.MAX_TOTAL_BYTES if limit is None else limit

    def __call__(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise refuse(self.source, "ข้อมูลในแพ็กเกจรวมกันใหญ่เกินกำหนด (เกิน "
                         f"{layout.MAX_TOTAL_BYTES // layout.MiB} MB เมื่อแตกไฟล์) — แพ็กเกจอาจเป็น"
                         f"ไฟล์อันตราย (zip bomb) ไม่นำเข้า และ{_RESEND}",
                         "total uncompressed size over the limit")
