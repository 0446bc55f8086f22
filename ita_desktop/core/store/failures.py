"""What went wrong when the database could not be read or written, in words a clerk can act on.

SQLite and the OS report a full disk, a read-only file, a missing permission or a lock held by
another program as bare ``sqlite3.OperationalError`` / ``OSError``. ``classify`` turns them into
a ``StoreFailure`` carrying the real cause and what to do, in Thai and English; ``translating``
wraps every public ``Store`` method so no caller ever sees a raw ``sqlite3`` error.

A failed write never leaves anything half-done: the transaction is rolled back (if SQLite has
not already done so, as it does on a full disk) and what was saved before stays as it was.
``retryable`` tells the window whether trying the same write again later may succeed (full
disk, lock) so it keeps the edit on screen and tries again.
"""

from __future__ import annotations

import errno
import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from ..base.errors import ItaError, StoreError

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


class StoreFailure(StoreError):
    """The database could not be used for a reason outside the data (disk, lock, rights)."""

    kind = "failure"
    retryable = False


class DiskFullError(StoreFailure):
    kind = "disk-full"
    retryable = True


class DatabaseBusyError(StoreFailure):
    kind = "busy"
    retryable = True


class ReadOnlyStoreError(StoreFailure):
    kind = "read-only"


class PermissionDeniedError(StoreFailure):
    kind = "permission"


class DiskIOError(StoreFailure):
    kind = "io"
    retryable = True


class DamagedDatabaseError(StoreFailure):
    kind = "damaged"


def _where(path: object) -> str | None:
    return str(path) if path else None


def disk_full(path: object = None, detail: str = "") -> DiskFullError:
    return DiskFullError(
        "บันทึกไม่ได้เพราะพื้นที่ดิสก์เต็ม — ลบหรือย้ายไฟล์ที่ไม่ใช้ออกจากไดรฟ์นี้ (เช่น ถังขยะ "
        "ไฟล์ดาวน์โหลด) แล้วลองอีกครั้ง ข้อมูลที่บันทึกไว้แล้วไม่เสียหาย",
        where=_where(path),
        english="the disk is full: free some space on this drive and try again "
                f"(nothing already saved was changed){detail}")


def busy(path: object = None, seconds: float | None = None) -> DatabaseBusyError:
    waited = f" {seconds:.0f} วินาที" if seconds else ""
    waited_en = f" for {seconds:.0f} s" if seconds else ""
    return DatabaseBusyError(
        f"ฐานข้อมูลถูกโปรแกรมอื่นใช้งานอยู่ รอแล้ว{waited}ยังไม่ว่าง — ปิดโปรแกรมอื่นที่เปิดไฟล์นี้ "
        "(เช่น ITA Desktop อีกหน้าต่างหนึ่ง โปรแกรมสำรองข้อมูล หรือโปรแกรมเปิดฐานข้อมูล) "
        "แล้วลองอีกครั้ง ข้อมูลที่บันทึกไว้แล้วไม่เสียหาย",
        where=_where(path),
        english=f"the database is locked by another program (waited{waited_en}): close the "
                "other program using this file and try again (nothing already saved was changed)")


def read_only(path: object = None, why: str = "") -> ReadOnlyStoreError:
    return ReadOnlyStoreError(
        "ไฟล์ฐานข้อมูลหรือโฟลเดอร์ของไฟล์เป็นแบบอ่านอย่างเดียว จึงบันทึกไม่ได้ — ถ้าอยู่ในแฟลชไดรฟ์ "
        "หรือแผ่นซีดี ให้คัดลอกไฟล์มาไว้ในเครื่องก่อน หรือปลดการตั้งค่า “อ่านอย่างเดียว” "
        "(คลิกขวาที่ไฟล์ > Properties) ข้อมูลที่บันทึกไว้แล้วไม่เสียหาย",
        where=_where(path),
        english="the database file or its folder is read-only: copy it to this computer or "
                f"clear the read-only setting, then try again{why}")


def permission_denied(path: object = None) -> PermissionDeniedError:
    return PermissionDeniedError(
        "ไม่มีสิทธิ์เปิดหรือเขียนไฟล์ฐานข้อมูลนี้ — ขอให้ผู้ดูแลเครื่องให้สิทธิ์เขียนโฟลเดอร์นี้ "
        "หรือย้ายไฟล์ไปไว้ในโฟลเดอร์เอกสารของคุณ ข้อมูลที่บันทึกไว้แล้วไม่เสียหาย",
        where=_where(path),
        english="permission denied: ask for write access to this folder or move the file "
                "into your Documents folder")


def io_error(path: object = None, detail: str = "") -> DiskIOError:
    return DiskIOError(
        "อ่านหรือเขียนดิสก์ไม่สำเร็จ (ไดรฟ์อาจถูกถอดออก หรือการเชื่อมต่อเครือข่ายหลุด) — "
        "ตรวจว่าไดรฟ์หรือเครือข่ายยังเชื่อมต่ออยู่ แล้วลองอีกครั้ง",
        where=_where(path),
        english=f"disk input/output error (drive removed or network lost?){detail}")


def damaged(path: object = None, detail: str = "") -> DamagedDatabaseError:
    return DamagedDatabaseError(
        "ไฟล์ฐานข้อมูลเสียหายหรือไม่ใช่ฐานข้อมูลของ ITA Desktop — อย่าบันทึกทับ "
        "ให้เปิดจากไฟล์สำรองล่าสุดแทน",
        where=_where(path), english=f"the database file is damaged or not a database{detail}")


def classify(exc: BaseException, path: object = None) -> ItaError:
    """The clerk-facing error for ``exc`` (an ``ItaError`` is returned unchanged)."""
    if isinstance(exc, ItaError):
        return exc
    detail = f" ({exc})"
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        text = str(exc).lower()
        if code == SQLITE_FULL or "database or disk is full" in text:
            return disk_full(path, detail)
        if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
            return busy(path)
        if code == SQLITE_READONLY or "readonly database" in text:
            return read_only(path, detail)
        if code == SQLITE_PERM:
            return permission_denied(path)
        if code == SQLITE_CANTOPEN or "unable to open database" in text:
            return _cantopen(path)
        if code == SQLITE_IOERR or "disk i/o error" in text:
            # SQLite reports a full disk while creating its -wal/-shm files as an I/O error
            return disk_full(path, detail) if _no_space(path) else io_error(path, detail)
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text \
                or "not a database" in text:
            return damaged(path, detail)
        return StoreFailure("ฐานข้อมูลทำงานผิดพลาด — ข้อมูลที่บันทึกไว้แล้วไม่เสียหาย ลองอีกครั้ง "
                            "ถ้ายังไม่ได้ให้ปิดแล้วเปิดโปรแกรมใหม่", where=_where(path),
                            english=f"database error{detail}")
    if isinstance(exc, OSError):
        where = exc.filename or path
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return disk_full(where, detail)
        if exc.errno == errno.EROFS:
            return read_only(where, detail)
        if exc.errno in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
            return permission_denied(where)
        return disk_full(where, detail) if _no_space(where) else io_error(where, detail)
    raise TypeError(f"not a storage error: {exc!r}")


def _no_space(path: object) -> bool:
    import shutil
    from pathlib import Path

    if not path or str(path) == ":memory:":
        return False
    try:
        return shutil.disk_usage(Path(str(path)).parent).free < 64 * 1024
    except OSError:
        return False


def _cantopen(path: object) -> StoreFailure:
    """SQLite says only "unable to open": find out whether the folder is the cause."""
    import os
    from pathlib import Path

    if path and str(path) != ":memory:":
        folder = Path(str(path)).parent
        if folder.exists() and not os.access(folder, os.W_OK):
            return read_only(path)
        if Path(str(path)).exists() and not os.access(str(path), os.R_OK):
            return permission_denied(path)
    return StoreFailure("เปิดไฟล์ฐานข้อมูลไม่ได้ — ตรวจว่าไดรฟ์หรือโฟลเดอร์ยังอยู่ และมีสิทธิ์เขียน",
                        where=_where(path), english="unable to open the database file")


def is_storage_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error | OSError) and not isinstance(exc, ItaError)


F = TypeVar("F", bound=Callable[..., Any])


def _translate(func: F) -> F:
    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, ItaError):
                raise
            raise classify(exc, getattr(self, "path", None)) from exc
    return wrapper  # type: ignore[return-value]


def translating(cls: type) -> type:
    """Class decorator: every public method raises ``StoreFailure`` instead of sqlite3/OS
    errors (``transaction`` and ``open`` handle theirs themselves)."""
    for name, value in list(vars(cls).items()):
        if name.startswith("_") or name in ("transaction", "open") \
                or not callable(value) or isinstance(value, classmethod | staticmethod):
            continue
        setattr(cls, name, _translate(value))
    return cls
