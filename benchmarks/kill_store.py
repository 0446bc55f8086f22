"""Kill -9 the store at random moments; nothing acknowledged may be lost, nothing damaged.

    python benchmarks/kill_store.py [--kills 200] [--seed 1] [--db PATH]

A child process drives the store through a scripted stream of edits (two fields of one entry in
one transaction), photo additions and now and then a backup, printing an acknowledgement after
each one returns (committed). The parent kills it with SIGKILL after a random delay, then checks
the file (``integrity.full_check``: integrity_check, foreign keys, every photo checksum) and
that every acknowledged edit and photo is there, and starts the next child where the last one
stopped. Prints kills survived / tried and edits lost (must be 0). ``tests/test_kill_store.py``
runs a short version in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the package
    sys.path.insert(0, str(ROOT))

from ita_desktop.core.report.model import Entry, Report, Round  # noqa: E402
from ita_desktop.core.store import Store  # noqa: E402

ITEMS = ("i8", "i17", "e1", "e2", "e3", "e7")


def _photo_bytes(n: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (n * 7 % 256, n * 13 % 256, n * 29 % 256))
    ImageDraw.Draw(image).text((10, 10), f"photo {n}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


# ---------------------------------------------------------------------------------- child
def child(db: Path, start: int, seed: int) -> None:
    from ita_desktop.core.photos.intake import process_photo
    from ita_desktop.core.store.backup import create_backup

    rng = random.Random(seed * 1_000_003 + start)
    with Store.open(db) as store:
        report_id = store.list_reports()[0].id
        entry_ids = [e.id for e in store.get_report(report_id).entries]
        print("ready", flush=True)
        n = start
        while True:
            n += 1
            roll = rng.random()
            entry = entry_ids[n % len(entry_ids)]
            if roll < 0.75:
                with store.transaction():
                    store.update_entry(entry, result=f"edit {n}")
                    store.update_entry(entry, issue=f"edit {n}")
                print(f"edit {n} {entry}", flush=True)
            elif roll < 0.97:
                photo = process_photo(_photo_bytes(n), f"p{n}.jpg")
                store.add_photo(entry, photo, caption=f"photo {n}")
                print(f"photo {n} {entry} {photo.sha256}", flush=True)
            else:
                create_backup(store, db.parent / "backups", "manual")
                print(f"backup {n}", flush=True)


# ---------------------------------------------------------------------------------- parent
def make_db(db: Path) -> None:
    with Store.open(db) as store:
        store.create_report(Report("สำนักงานทดสอบการปิดโปรแกรม", "กรุงเทพมหานคร", 2567,
                                   Round.standard("6m", 2567), "ita-2567",
                                   entries=[Entry(item=item) for item in ITEMS]))


def verify(db: Path, last_edit: dict[int, int], photos: dict[str, int]) -> tuple[list[str], int]:
    """(integrity problems, acknowledged changes missing)."""
    from ita_desktop.core.store.integrity import inspect_file

    problems = inspect_file(db, full=True)
    if problems:
        return problems, 0
    lost = 0
    with Store.open(db) as store:
        report = store.get_report(store.list_reports()[0].id)
        by_id = {e.id: e for e in report.entries}
        for entry_id, n in last_edit.items():
            entry = by_id[entry_id]
            got = [int(text.split()[1]) if text.startswith("edit ") else -1
                   for text in (entry.result, entry.issue)]
            if got[0] != got[1] or got[0] < n:  # half an edit, or an acknowledged one gone
                lost += 1
        attached = {(ref.sha256, e.id) for e in report.entries for ref in e.photos}
        lost += sum(1 for sha, entry_id in photos.items() if (sha, entry_id) not in attached)
    return [], lost


def run(kills: int, seed: int, db: Path, max_delay: float) -> dict[str, float]:
    rng = random.Random(seed)
    if not db.exists():
        make_db(db)
    last_edit: dict[int, int] = {}
    photos: dict[str, int] = {}
    n = 0
    survived = acknowledged = lost_total = 0
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for attempt in range(1, kills + 1):
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(db), str(n), str(seed)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"the child did not start: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for line in proc.stdout:  # everything acknowledged before the kill
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue  # a line cut by the kill was not an acknowledgement
            n = max(n, int(parts[1]))
            if parts[0] == "edit" and len(parts) == 3:
                last_edit[int(parts[2])] = int(parts[1])
                acknowledged += 1
            elif parts[0] == "photo" and len(parts) == 4:
                photos[parts[3]] = int(parts[2])
                acknowledged += 1
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        n += 1  # a change made but not acknowledged may exist: never reuse its number
        problems, lost = verify(db, last_edit, photos)
        lost_total += lost
        if problems or lost:
            print(f"kill {attempt}: damaged={problems[:3]} lost={lost}", flush=True)
        else:
            survived += 1
        if attempt % 25 == 0:
            print(f"  {attempt} kills, {acknowledged} acknowledged changes so far", flush=True)
    from ita_desktop.core.store.backup import list_backups
    from ita_desktop.core.store.integrity import inspect_file

    backups = list_backups(db.parent / "backups")
    bad_backups = sum(1 for b in backups if inspect_file(b.path, full=True))
    return {"kills": kills, "survived": survived, "acknowledged": acknowledged,
            "lost": lost_total, "photos": len(photos), "backups": len(backups),
            "bad_backups": bad_backups, "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        child(Path(argv[1]), int(argv[2]), int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.8,
                        help="longest run before a kill, seconds (default 0.8)")
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        os.environ.setdefault("ITA_DESKTOP_HOME", str(Path(temp) / "home"))
        db = args.db or Path(temp) / "kill.sqlite"
        figures = run(args.kills, args.seed, db, args.max_delay)
    print(f"kills survived / tried: {figures['survived']} / {figures['kills']}")
    print(f"changes acknowledged: {figures['acknowledged']} ({figures['photos']} photos)")
    print(f"edits lost: {figures['lost']}")
    print(f"backups made during the run: {figures['backups']} kept, "
          f"{figures['bad_backups']} failing their check")
    print(f"time: {figures['seconds']:.0f} s")
    ok = figures["survived"] == figures["kills"] and not figures["lost"] and \
        not figures["bad_backups"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
