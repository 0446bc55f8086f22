"""Files written so that a reader sees the old file or the whole new one, never half of one.

Every file the app writes (dumps, photos of a dump, packages, spreadsheets, PDFs, summaries,
backups) goes through here: a temporary ``.part`` file in the target's own folder (a rename
across drives is not atomic), written, flushed and fsynced, then renamed over the target and the
folder fsynced. A failure (disk full, USB stick pulled, permission) removes the temporary file
and leaves any older target untouched.

Temporary names carry the writing process id, so two writers to one path never share a
temporary file and the last rename wins with a whole file. ``.part`` files left by a killed
process are removed the next time anything is written to that folder.

Hand-written rather than a library (``atomicwrites`` is unmaintained, ``safer`` does not fsync
the folder): the whole job is the twenty lines below.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import ItaError

# ".<name>.<pid>.<n>.part" (ours) and "<name>.part" (what the CLI wrote before this module)
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.\d+\.part$")
# A .part untouched this long is abandoned even if its process id is alive (ids are reused);
# every write here takes seconds, not minutes.
STALE_PART_SECONDS = 600
_counter = 0


def part_name(path: Path) -> Path:
    global _counter
    _counter += 1
    return path.with_name(f".{path.name}.{os.getpid()}.{_counter}.part")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """``with atomic_writer(p) as out: out.write(...)``: ``p`` appears whole when the block ends
    without an exception, and is left as it was otherwise."""
    target = Path(path)
    clean_stale_parts(target.parent, target.name)
    busy = _live_writer(target)
    if busy:
        # an OSError, so every caller's "could not write" path reports it
        raise OSError(errno.EBUSY, f"another program (process {busy}) is writing this file now",
                      str(target))
    temp = part_name(target)
    try:
        with open(temp, "xb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_writer(path) as out:
        out.write(data)


def save_file(path: str | os.PathLike[str], data: bytes) -> None:
    """``write_atomically`` with any OS failure turned into a Thai/English refusal."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise write_error(Path(path), exc) from None


def write_error(path: Path, exc: OSError) -> ItaError:
    """The message for a file that could not be written, naming the real cause."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        thai = "พื้นที่ในดิสก์เต็ม — ลบไฟล์ที่ไม่ใช้หรือบันทึกลงไดรฟ์อื่น แล้วลองอีกครั้ง"
        english = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        thai = ("ไม่มีสิทธิ์เขียนที่นี่ หรือสื่อเป็นแบบอ่านอย่างเดียว — เลือกโฟลเดอร์อื่น "
                "หรือตรวจว่าไฟล์ไม่ได้เปิดค้างในโปรแกรมอื่น")
        english = "permission denied or read-only media"
    elif exc.errno == errno.EBUSY:
        thai = "มีโปรแกรมอื่นกำลังบันทึกไฟล์นี้อยู่ — รอให้เสร็จก่อน หรือบันทึกเป็นชื่ออื่น"
        english = "another program is writing this file"
    elif exc.errno == errno.ENOENT:
        thai = "ไม่พบโฟลเดอร์ปลายทาง — ตรวจชื่อโฟลเดอร์หรือสร้างโฟลเดอร์ก่อน"
        english = "the folder does not exist"
    else:
        thai = ("ตรวจว่าโฟลเดอร์มีอยู่ มีพื้นที่ว่าง และไฟล์ไม่ได้เปิดค้างในโปรแกรมอื่น")
        english = "cannot write the file"
    detail = exc.strerror or str(exc)
    return ItaError(f"บันทึกไฟล์ไม่ได้ ({detail}) — {thai} ไฟล์เดิม (ถ้ามี) ยังอยู่ครบ",
                    where=str(path), english=f"{english}: {detail}; any older file is unchanged")


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder, and NTFS journals
    the rename anyway."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network, FAT via FUSE) refuse fsync on folders
    finally:
        os.close(fd)


def _live_writer(target: Path) -> int | None:
    """The id of another live process writing ``target`` now (its fresh ``.part`` is there)."""
    try:
        names = os.listdir(target.parent)
    except OSError:
        return None
    for name in names:
        match = _PART.match(name)
        if match and match["name"] == target.name:
            pid = int(match["pid"])
            if pid != os.getpid() and _alive(pid):
                return pid
    return None


def clean_stale_parts(folder: Path, target_name: str | None = None) -> list[Path]:
    """Remove ``.part`` files of writers that are gone (killed during a write); returns them.
    Only our own pattern is touched, plus ``<target_name>.part`` (the CLI's older naming):
    a browser's download in progress is someone else's ``.part``."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        if not name.endswith(".part"):
            continue
        match = _PART.match(name)
        path = folder / name
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        if match:
            pid = int(match["pid"])
            if pid == os.getpid() or (_alive(pid) and age < STALE_PART_SECONDS):
                continue
        elif name != f"{target_name}.part" or age < 60:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
