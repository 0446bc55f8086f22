"""One writer per database: a lock file next to it says who is editing, the OS says whether
that holder is still alive.

``<database>.lock`` holds a small JSON note (user, machine, process, since when) and is locked
with the operating system's own file lock (``LockFileEx`` through ``msvcrt.locking`` on
Windows, ``flock`` elsewhere). The OS drops that lock when the process ends however it ends
(killed, crashed, power cut on the other PC of a shared drive once its session times out), so
a note whose lock nobody holds is stale and the next start simply takes over.

Hand-written (about 60 lines) rather than the ``filelock`` package: that one truncates the
lock file on every attempt on Windows and locks byte 0, so the note saying *who* holds the
database could not be read by the second copy, which is the point here.

``journal_mode_for`` decides between WAL and a rollback journal: WAL needs shared memory
between processes, which a network drive (SMB share, NFS) does not give, so there the store
uses the classic rollback journal, slower but safe, and says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import platform
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from .failures import StoreFailure, permission_denied, read_only

LOCK_SUFFIX = ".lock"
# Windows locks are mandatory: lock one byte far past the note so others can still read it
_WIN_LOCK_OFFSET = 0x7FFF_0000
_NOTE_MAX = 4096


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the writer lock."""

    user: str
    machine: str
    pid: int
    since: str  # ISO 8601, UTC
    app: str = ""

    def since_local(self) -> str:
        try:
            moment = dt.datetime.fromisoformat(self.since).astimezone()
        except ValueError:
            return self.since
        return moment.strftime("%d/%m/%Y %H:%M")

    def describe(self) -> str:
        return (f"ผู้ใช้ “{self.user}” ที่เครื่อง “{self.machine}” ตั้งแต่ {self.since_local()}")

    def describe_en(self) -> str:
        return f"user “{self.user}” on computer “{self.machine}” since {self.since_local()}"


class DatabaseInUseError(StoreFailure):
    """Another copy of the app (here or on another PC) is editing this database."""

    kind = "in-use"

    def __init__(self, holder: Holder, path: Path):
        self.holder = holder
        super().__init__(
            f"ฐานข้อมูลนี้กำลังเปิดแก้ไขอยู่โดย{holder.describe()} — เปิดได้แบบอ่านอย่างเดียว "
            "หรือปิดโปรแกรมที่เครื่องนั้นก่อนแล้วลองใหม่ (สองโปรแกรมแก้ไขพร้อมกันไม่ได้ "
            "เพื่อไม่ให้ข้อความทับกันหาย)",
            where=str(path),
            english=f"this database is being edited by {holder.describe_en()}: open it "
                    "read-only, or close the app there first")


def current_holder() -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment: still lock
        user = "?"
    from ... import __version__

    return Holder(user=user, machine=socket.gethostname() or platform.node() or "?",
                  pid=os.getpid(),
                  since=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                  app=f"ITA Desktop {__version__}")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class WriterLock:
    """Held while this process edits ``db_path``; ``release`` (or process exit) frees it."""

    def __init__(self, db_path: Path, fd: int, holder: Holder, stale: Holder | None):
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.holder = holder
        self.stale = stale  # the previous holder, if it ended without releasing (killed)
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, db_path: Path) -> WriterLock:
        """Take the lock or raise ``DatabaseInUseError`` naming who holds it."""
        path = lock_path(db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        except OSError as exc:
            if exc.errno in (errno.EROFS,) or (
                    exc.errno == errno.EACCES and not os.access(path.parent, os.W_OK)):
                raise read_only(db_path) from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise permission_denied(db_path) from None
            raise
        try:
            locked = _try_lock(fd)
            note = _read_note(fd)
            if locked is False:
                raise DatabaseInUseError(note or Holder("?", "?", 0, "?"), db_path)
            if locked is None and note is not None and _alive(note):
                # the file system has no locks (some network drives): trust a live note
                raise DatabaseInUseError(note, db_path)
            holder = current_holder()
            try:
                _write_note(fd, holder)
            except OSError:
                pass  # a full disk: the OS lock alone still keeps a second writer out
        except BaseException:
            os.close(fd)
            raise
        return cls(db_path, fd, holder, stale=note)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # no note: nobody holds it (the file stays: no unlink race)
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def holder_of(db_path: Path) -> Holder | None:
    """Who edits ``db_path`` now (None: nobody, or the note is stale)."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        locked = _try_lock(fd)
        note = _read_note(fd)
        if locked:
            _unlock(fd)
            return None
        return note
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- OS locks
def _try_lock(fd: int) -> bool | None:
    """True: locked now; False: someone else holds it; None: the file system cannot lock."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return None
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_note(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, _NOTE_MAX).decode("utf-8"))
        return Holder(str(data["user"]), str(data["machine"]), int(data["pid"]),
                      str(data["since"]), str(data.get("app", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # empty (released) or unreadable: nobody


def _write_note(fd: int, holder: Holder) -> None:
    data = json.dumps({"user": holder.user, "machine": holder.machine, "pid": holder.pid,
                       "since": holder.since, "app": holder.app}, ensure_ascii=False)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data.encode("utf-8"))
    with contextlib.suppress(OSError):
        os.fsync(fd)


def _alive(holder: Holder) -> bool:
    """Best effort where the file system has no locks: a note from this machine is alive
    while its process is; one from another machine is believed."""
    if holder.machine != current_holder().machine:
        return True
    if holder.pid == os.getpid():
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# ---------------------------------------------------------------------- journal mode
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs",
               "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "ncpfs", "coda", "glusterfs",
               "ceph", "fuse.glusterfs"}


def is_network_path(path: Path) -> bool:
    """True for a database on a network drive (UNC path, mapped drive, NFS/SMB mount)."""
    if os.environ.get("ITA_DESKTOP_NETWORK_DRIVE") == "1":  # testing and odd mounts
        return True
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_remote(path)
    return _mount_type(path) in _NETWORK_FS


def _windows_remote(path: Path) -> bool:
    try:
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if not drive:
            return False
        DRIVE_REMOTE = 4  # noqa: N806 - the Windows constant's name
        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError):
        return False


def _mount_type(path: Path) -> str:
    try:
        target = str(path.resolve())
        best, kind = "", ""
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                if (target == point or target.startswith(point.rstrip("/") + "/")) \
                        and len(point) > len(best):
                    best, kind = point, parts[2]
        return kind
    except OSError:
        return ""


NETWORK_WARNING = (
    "ฐานข้อมูลนี้อยู่บนไดรฟ์เครือข่าย จึงใช้วิธีบันทึกแบบดั้งเดิม (rollback journal) ที่ปลอดภัยกว่า "
    "แต่ช้ากว่า — ถ้าเป็นไปได้ให้เก็บไฟล์ไว้ในเครื่องแล้วสำรองไปยังไดรฟ์เครือข่ายแทน / "
    "This database is on a network drive, where SQLite's WAL mode is unsafe: using a rollback "
    "journal instead (slower). Keep the file on this PC and back up to the network drive.")


def journal_mode_for(path: Path | None) -> tuple[str, str | None]:
    """("wal" | "delete", a warning for the user or None)."""
    if path is None or not is_network_path(path.parent if path.parent else path):
        return "wal", None
    return "delete", NETWORK_WARNING


__all__ = ["DatabaseInUseError", "Holder", "WriterLock", "holder_of",
           "is_network_path", "journal_mode_for", "lock_path"]
