"""The speed figures of issue 18 in one table, measured in one run on this machine.

    python benchmarks/run_all.py --quick     # a few minutes: start-up, demo, text-only print
    python benchmarks/run_all.py             # + the 78-entry report with 156 photos

Every figure is the min / median of several whole processes (``--runs``), so imports count as
the clerk feels them. Compared like with like, and said which:

* text-only print vs LibreOffice, cold: ``ita render`` (a new process) against ``soffice
  --convert-to pdf`` (a new process, profile already made) of the same content as a .docx
  (benchmarks/render_full.py builds both);
* warm: a second render_pdf() in the same process against LibreOffice's own second
  conversion is not measured here (it needs a running soffice listener): said so in the table;
* with photos (full mode): LibreOffice given the 12-MP originals (pictures inserted at full
  size), and like for like, given the same print-size JPEGs the app prints; the app's photo
  import (done once, when photos are added) is printed apart.

Our modules are compiled to ``.pyc`` first (``compileall``), as ``pip install`` and the frozen
build have them: a checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the development
machine) otherwise compiles them from source in every process, which added 0.02 s to
``ita --help`` and 0.7 s to the GUI's start.

Ratios are printed each on a line of their own as ``<what>: <ratio>×``. The last table is kept
in benchmarks/README.md. Prints figures; no pass/fail.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
ITA = [sys.executable, "-m", "ita_desktop.cli"]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    return min(took), statistics.median(took)


def process(args: list[str], **kw: object) -> Callable[[], object]:
    return lambda: subprocess.run(args, check=True, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env=ENV, **kw)  # type: ignore[arg-type]


def row(what: str, figures: tuple[float, float], note: str = "") -> None:
    print(f"| {what} | {figures[0]:.2f} | {figures[1]:.2f} | {note} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--entries", type=int, default=None, help="entries of the big report")
    a = ap.parse_args(argv)
    runs = a.runs if not a.quick else max(3, min(a.runs, 3))
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    import compileall

    compileall.compile_dir(str(ROOT / "ita_desktop"), quiet=2)  # what an installed app has
    print("| what | min s | median s | note |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db = tmp / "demo.sqlite"
        subprocess.run([*ITA, "--db", str(db), "demo"], check=True, env=ENV,
                       stdout=subprocess.DEVNULL)
        row("`ita --help`", timed(process([*ITA, "--help"]), runs), "whole process")
        row("`ita render` demo", timed(process([*ITA, "--db", str(db), "render", "1", "-o",
                                                str(tmp / "demo.pdf")]), runs),
            "whole process, 10 pages")
        gui_start(db, runs)
        ratios = text_only(tmp, runs, a.entries or (20 if a.quick else None))
        if not a.quick:
            ratios += with_photos(tmp, a.entries)
        frozen = ROOT / "dist" / "ITA Desktop"
        if frozen.is_dir():
            size = sum(p.stat().st_size for p in frozen.rglob("*") if p.is_file())
            print(f"| frozen folder | {size / 2**20:.1f} MB | | dist/ITA Desktop |")
    print()
    for what, ratio in ratios:
        print(f"{what}: {ratio:.1f}×")
    return 0


def gui_start(db: Path, runs: int) -> None:
    """Spawn to the painted start screen (benchmarks/gui_startup.py's child), under Xvfb when
    DISPLAY is set, else offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    import gui_startup

    times = gui_startup.cold_start(str(db), runs)
    row("GUI start to the painted start screen (venv)", (min(times), statistics.median(times)),
        f"whole process, {os.environ['QT_QPA_PLATFORM']}")


def _report_db(tmp: Path, report, photos_store=None) -> tuple[Path, int]:  # noqa: ANN001
    from ita_desktop.core.store import Store

    db = tmp / f"big-{len(report.entries)}-{bool(photos_store)}.sqlite"
    with Store.open(db) as store:
        return db, store.create_report(report, photos_store or {})


def text_only(tmp: Path, runs: int, entries: int | None) -> list[tuple[str, float]]:
    import render_full as rf

    if shutil.which("soffice") is None:
        print("| LibreOffice | – | – | soffice not installed: no ratio |")
        return []
    report, _seeds = rf.build_report(entries)
    db, rid = _report_db(tmp, report)
    out = tmp / "text.pdf"
    ours = timed(process([*ITA, "--db", str(db), "render", str(rid), "-o", str(out)]), runs)
    row(f"`ita render` text-only, {len(report.entries)} entries", ours, "whole process")
    docx = tmp / "text.docx"
    rf.build_docx(report, {}, docx, False)
    conf, profile = rf.fontconfig(tmp), tmp / "lo-profile"
    rf.libreoffice(docx, tmp, profile, conf)  # the first start makes the profile: not timed
    lo = timed(lambda: rf.libreoffice(docx, tmp, profile, conf), runs)
    row("LibreOffice, the same as .docx", lo, "whole `soffice --convert-to pdf` process")
    print("| warm (in a running app / LibreOffice) | – | – | not measured: needs a soffice "
          "listener |")
    return [("text-only print vs LibreOffice (cold, whole processes, median)", lo[1] / ours[1])]


def with_photos(tmp: Path, entries: int | None) -> list[tuple[str, float]]:
    import render_full as rf
    from camera import camera_jpeg

    from ita_desktop.core.photos.intake import process_photo
    from ita_desktop.core.report.model import PhotoRef

    if shutil.which("soffice") is None:
        return []
    report, seeds = rf.build_report(entries)
    originals: dict[str, bytes] = {}
    printed: dict[str, object] = {}
    import_s = 0.0
    for e, pair in zip(report.entries, seeds, strict=True):
        for k, seed in enumerate(pair, 1):
            data = camera_jpeg(seed)
            start = time.perf_counter()
            photo = process_photo(data, f"IMG_{seed:04d}.jpg")
            import_s += time.perf_counter() - start
            originals[photo.sha256] = data
            printed[photo.sha256] = photo
            e.photos.append(PhotoRef(photo.sha256, f"ภาพกิจกรรม {e.code_label} ภาพที่ {k}",
                                     width=photo.width, height=photo.height))
    db, rid = _report_db(tmp, report, printed)
    ours = timed(process([*ITA, "--db", str(db), "render", str(rid), "-o",
                          str(tmp / "photos.pdf")]), 1)
    row(f"`ita render` with {len(originals)} photos", ours, "whole process, 1 run")
    print(f"| photo import (once, when added) | {import_s:.1f} | | {len(originals)} photos "
          "from 12-MP originals |")
    conf, profile = rf.fontconfig(tmp), tmp / "lo-profile"
    lo_orig_docx, lo_print_docx = tmp / "orig.docx", tmp / "print.docx"
    rf.build_docx(report, originals, lo_orig_docx, True)
    rf.build_docx(report, {k: p.print_jpeg for k, p in printed.items()}, lo_print_docx, True)  # type: ignore[attr-defined]
    lo_orig = timed(lambda: rf.libreoffice(lo_orig_docx, tmp, profile, conf), 1)
    row("LibreOffice, photos as originals", lo_orig, "1 run")
    lo_print = timed(lambda: rf.libreoffice(lo_print_docx, tmp, profile, conf), 1)
    row("LibreOffice, photos at print size", lo_print, "1 run")
    return [("with photos vs LibreOffice (originals)", lo_orig[1] / ours[1]),
            ("with photos vs LibreOffice (print-size, like for like)", lo_print[1] / ours[1])]


if __name__ == "__main__":
    sys.exit(main())
