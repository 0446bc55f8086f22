"""Helpers for the one-writer, full-disk and read-only tests: a small real file system (tmpfs,
needs root; otherwise the tests simulate with SQLite's own limits) and a writer in another
process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SmallDisk:
    """A tmpfs of ``size`` mounted at ``path``; ``fill()`` takes every free byte, ``free()``
    gives them back, ``read_only(True/False)`` remounts."""

    def __init__(self, path: Path):
        self.path = path
        self.filler = path / "filler.bin"

    def fill(self) -> None:
        with open(self.filler, "ab", buffering=0) as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
            except OSError:
                pass
            try:
                while True:
                    out.write(b"\0" * 512)
            except OSError:
                pass

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    @contextmanager
    def read_only_view(self, where: Path) -> Iterator[Path]:
        """The same files through a read-only bind mount (a CD, a locked-down share)."""
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "--bind", str(self.path), str(where)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(where)], check=True)
            yield where
        finally:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextmanager
def small_disk(where: Path, size: str = "8m") -> Iterator[SmallDisk | None]:
    """A real small file system, or None when this machine cannot mount one (not root)."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 if hasattr(os, "geteuid") else True:
        yield None
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield SmallDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


HOLDER = textwrap.dedent("""
    import sys, time
    from ita_desktop.core.store import Store
    store = Store.open(sys.argv[1], writer=True)
    print("ready", flush=True)
    time.sleep(600)
""")


@contextmanager
def writer_in_other_process(db: Path) -> Iterator[subprocess.Popen]:
    """Another copy of the app holding the database as its writer (killed at the end)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", line
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()
