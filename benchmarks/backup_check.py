"""What the safety checks cost on a large database: open (quick_check), full check, backup.

    python benchmarks/backup_check.py [--megabytes 300]

Builds a database of the demo report plus about ``--megabytes`` of photo blobs (random bytes
stored as photos, with checksums), then prints the time to open it with and without the
read-only quick check, ``ita check --full`` (integrity_check + every photo checksum), one
backup (snapshot + full check + manifest) and "Save a copy". Figures only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ita_desktop.core.store import Store  # noqa: E402
from ita_desktop.core.store import backup as bk  # noqa: E402
from ita_desktop.core.store.integrity import inspect_file  # noqa: E402
from ita_desktop.core.workflow.demo import create_demo  # noqa: E402


def build(path: Path, megabytes: int) -> None:
    with Store.open(path) as store:
        create_demo(store)
        with store.transaction():
            for n in range(megabytes):
                blob, thumb = os.urandom(1_000_000), os.urandom(20_000)
                store.conn.execute(
                    "INSERT INTO photo_blobs (sha256, print_jpeg, thumb_jpeg, width, height, "
                    "added_at, print_sha256, thumb_sha256) VALUES (?, ?, ?, 2000, 1500, '', ?, ?)",
                    (f"{n:064x}", blob, thumb, hashlib.sha256(blob).hexdigest(),
                     hashlib.sha256(thumb).hexdigest()))


def timed(label: str, action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<44}{seconds:>8.2f} s")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        os.environ["ITA_DESKTOP_HOME"] = str(Path(temp) / "home")
        db = Path(temp) / "big.sqlite"
        build(db, args.megabytes)
        print(f"database: {db.stat().st_size / 1e6:.0f} MB")
        timed("open with the quick check", lambda: Store.open(db).close())
        timed("open without it (worker connections)", lambda: Store.open(db, check=False).close())
        timed("full check (integrity + photo checksums)", lambda: inspect_file(db, full=True))
        with Store.open(db) as store:
            timed("backup (snapshot + full check + manifest)",
                  lambda: bk.create_backup(store, Path(temp) / "backups", "manual"))
            timed("save a copy", lambda: bk.save_copy(store, Path(temp) / "copy.sqlite"))


if __name__ == "__main__":
    main()
