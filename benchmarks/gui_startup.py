"""GUI benchmark: cold start, switching between big indicators, memory.

    .venv/bin/python benchmarks/gui_startup.py [--runs 5]

1. Cold start to a usable window: a fresh Python process each run (imports, fonts, catalog,
   database, start screen shown and painted); the parent times from spawn to the child's
   "ready" line. Median of the runs.
2. Switching between two indicators that each hold 20 entries and 60 photos: the first visit
   builds the form (cards, thumbnails); later visits show the kept form. Median of 20 switches.
3. Resident memory (RSS) of the process with that report open and both forms built.

Runs offscreen unless DISPLAY / QT_QPA_PLATFORM say otherwise. Prints figures; no asserts.
Targets (2-core machine): start < 1.5 s, switch < 100 ms, memory < 250 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from ita_desktop.gui.app import build_window, create_app
app = create_app()
w = build_window({db!r})
w.resize(1366, 768)
w.show()
w.repaint()
app.processEvents()
print("ready", flush=True)
"""


def cold_start(db: str, runs: int) -> list[float]:
    times = []
    env = dict(os.environ)
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), db=db)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env=env)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.kill()
        proc.wait()
        if line.strip() != "ready":
            raise SystemExit("the app did not start")
        times.append(elapsed)
    return times


def photo(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), ((seed * 53) % 256, (seed * 97) % 256, 120))
    draw = ImageDraw.Draw(image)
    for n in range(30):
        x, y = (seed * 31 + n * 47) % 1500, (seed * 17 + n * 37) % 1100
        draw.ellipse([x, y, x + 90, y + 60], fill=((n * 40) % 256, seed % 256, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def big_report(db: str) -> int:
    from ita_desktop.core.photos.intake import process_photo
    from ita_desktop.core.report.model import Entry, PhotoRef, Report, Round
    from ita_desktop.core.store import Store

    entries, processed = [], {}
    seed = 0
    for indicator in (6, 8):
        for i in range(20):
            refs = []
            for _ in range(3):  # 20 entries × 3 = 60 photos per indicator
                seed += 1
                p = process_photo(photo(seed), f"p{seed}.jpg")
                processed[p.sha256] = p
                refs.append(PhotoRef(p.sha256, f"ภาพกิจกรรมที่ {seed}"))
            entries.append(Entry(label=f"รายการทดสอบที่ {i + 1} ตัวชี้วัดที่ {indicator}",
                                 instrument="EIT", indicator=indicator, score="88.50",
                                 issue="ประเด็นที่ต้องปรับปรุง " * 6,
                                 measures=["มาตรการที่หนึ่ง " * 5, "มาตรการที่สอง " * 5],
                                 result="ผลการดำเนินการ " * 8, photos=refs))
    with Store.open(db) as store:
        return store.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                          Round.standard("6m", 2567), "ita-2567",
                                          entries=entries), processed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    db = str(home / "bench.sqlite")

    from ita_desktop.core.store import Store
    from ita_desktop.core.workflow.demo import create_demo

    with Store.open(db) as store:
        create_demo(store)
    cold_start(db, 1)  # warm the OS file cache, as a second start of the day would be
    times = cold_start(db, args.runs)
    print(f"cold start to usable window: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target < 1.5 s)")

    t = time.perf_counter()
    report_id = big_report(db)
    print(f"(built a report with 2 × 20 entries and 2 × 60 photos in "
          f"{time.perf_counter() - t:.1f} s)")

    import psutil

    from ita_desktop.gui.app import build_window, create_app
    from ita_desktop.gui.editor.editor import ReportEditor

    app = create_app()
    ReportEditor.prebuild = False  # time a cold first visit; the app pre-builds when idle
    window = build_window(db)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    t = time.perf_counter()
    window.open_report(report_id)
    editor = window.editor
    editor.show_indicator(6)
    window.repaint()
    app.processEvents()
    opened = time.perf_counter() - t

    def switch(number: int) -> float:
        start = time.perf_counter()
        editor.show_indicator(number)
        editor.repaint()
        app.processEvents()
        return time.perf_counter() - start

    first = switch(8)
    start = time.perf_counter()
    while editor.forms[8]._missing():
        app.processEvents()
    filled = time.perf_counter() - start + first
    later = [switch(n) for _ in range(10) for n in (6, 8)]
    print(f"open the report (first indicator built and shown): {opened * 1000:.0f} ms")
    print(f"switch indicators (20 entries, 60 photos each): first visit {first * 1000:.0f} ms "
          f"to the first cards shown, {filled * 1000:.0f} ms until all 20 cards are built; "
          f"later visits median {statistics.median(later) * 1000:.1f} ms, "
          f"max {max(later) * 1000:.1f} ms (target < 100 ms)")
    window.show_start()
    ReportEditor.prebuild = True
    window.open_report(report_id)
    editor = window.editor
    deadline = time.perf_counter() + 5
    while (editor._prebuild or any(f._missing() for f in editor.forms.values())) \
            and time.perf_counter() < deadline:  # the idle pre-build runs
        app.processEvents()
    warm = switch(8)
    print(f"first visit after the idle pre-build (report open a moment): {warm * 1000:.0f} ms")
    rss = psutil.Process().memory_info().rss / 2**20
    print(f"memory (RSS) with that report open, both forms built: {rss:.0f} MB "
          f"(target < 250 MB)")
    window.close()


if __name__ == "__main__":
    main()
