"""Photos at print time: the 78-entry / 156-photo report of render_full.py rendered with its
photos stored two ways, each through the old path (decode, scale, encode every photo) and the
current one (a stored JPEG already at print size goes into the PDF as it is, issue 18).

    python benchmarks/render_photos.py [--entries N] [--runs 3]

1. "camera" photos: what the app stores from a camera today, a 2000×1500 print copy (made here
   from 3-MP camera-like JPEGs, which give the same stored size as 12-MP ones, faster). Wider
   than the print, so both paths scale them: the figures show the path did not get slower.
2. "print-size" photos: each stored copy already at its printed size (200 dpi, what the scaling
   path itself produces; like Word's default picture compression). These go in as they are.

Each figure: render_pdf() in this process (wall time), caches cleared before each run, min and
median of ``--runs``, then the photos alone (``images.print_image`` for each, CPU time, which
other load on the machine disturbs less); the PDF's text is compared between the two paths (it must be identical) and its
images counted with pypdfium2. Not a timed test: figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.camera import camera_jpeg  # noqa: E402
from benchmarks.render_full import Store, build_report  # noqa: E402
from ita_desktop.core.framework.catalog import load_framework  # noqa: E402
from ita_desktop.core.photos.intake import process_photo  # noqa: E402
from ita_desktop.core.render import clear_caches, images, render_pdf  # noqa: E402
from ita_desktop.core.report.model import PhotoRef  # noqa: E402


def stored_copy(seed: int) -> tuple[str, bytes, int, int]:
    photo = process_photo(camera_jpeg(seed, 3.0), f"IMG_{seed:04d}.jpg")
    return photo.sha256, photo.print_jpeg, photo.width, photo.height


def pdf_facts(pdf: bytes) -> tuple[int, str]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(pdf)
    try:
        count, text = 0, []
        for page in doc:
            count += len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
            text.append(page.get_textpage().get_text_range())
        return count, "\f".join(text)
    finally:
        doc.close()


def timed(report, store, framework, runs: int, old_path: bool) -> tuple[list[float], bytes]:  # noqa: ANN001
    as_it_is = images._as_it_is
    if old_path:
        images._as_it_is = lambda _data, _px: None
    try:
        times, pdf = [], b""
        for _ in range(runs):
            clear_caches()
            start = time.perf_counter()
            pdf = render_pdf(report, store, framework)
            times.append(time.perf_counter() - start)
        return times, pdf
    finally:
        images._as_it_is = as_it_is


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=None, help="fewer entries (quick run)")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    report, seeds = build_report(a.entries)
    flat = [seed for pair in seeds for seed in pair]
    print(f"{len(report.entries)} entries; making {len(flat)} stored photos ...", flush=True)
    with ProcessPoolExecutor() as pool:
        copies = list(pool.map(stored_copy, flat))
    store = Store()
    it = iter(copies)
    for entry in report.entries:
        for k in (1, 2):
            sha, jpeg, width, height = next(it)
            store.print[sha] = jpeg
            entry.photos.append(PhotoRef(sha, f"ภาพกิจกรรม {entry.code_label} ภาพที่ {k}",
                                         width=width, height=height))
    framework = load_framework("ita-2567")

    # the print-size copies: what the scaling path makes for each photo's printed width
    wanted: dict[str, int] = {}
    original = images.print_image

    def note(photos, sha256, rotation, width_pt):  # noqa: ANN001, ANN202
        wanted[sha256] = images.target_pixels(width_pt)
        return original(photos, sha256, rotation, width_pt)

    images.print_image = note
    clear_caches()
    render_pdf(report, store, framework)
    images.print_image = original
    small = Store()
    small.print = {sha: images._scale(data, 0, wanted[sha])[0] for sha, data in store.print.items()}
    mb = 1_000_000
    print(f"stored: camera copies {sum(map(len, store.print.values())) / mb:.1f} MB, "
          f"print-size copies {sum(map(len, small.print.values())) / mb:.1f} MB "
          f"({min(wanted.values())}–{max(wanted.values())} px wide)", flush=True)

    rows = []
    for label, photos in (("camera (2000 px stored)", store), ("print-size stored", small)):
        old, old_pdf = timed(report, photos, framework, a.runs, old_path=True)
        new, new_pdf = timed(report, photos, framework, a.runs, old_path=False)
        (old_images, old_text), (new_images, new_text) = pdf_facts(old_pdf), pdf_facts(new_pdf)
        assert old_text == new_text, "the PDF's text changed"
        assert old_images == new_images == 2 * len(report.entries), (old_images, new_images)
        rows.append((label, old, new, len(old_pdf), len(new_pdf), new_images))
    # the photos alone: every PrintImage the render asks for, CPU time (less hit by other load)
    photo_rows = []
    for label, photos in (("camera (2000 px stored)", store), ("print-size stored", small)):
        figures = []
        for old_path in (True, False):
            as_it_is = images._as_it_is
            if old_path:
                images._as_it_is = lambda _data, _px: None
            runs = []
            for _ in range(a.runs):
                images.clear_cache()
                start = time.process_time()
                for sha, px in wanted.items():
                    images.print_image(photos, sha, 0, px * 72.0 / images.PRINT_DPI)
                runs.append(time.process_time() - start)
            images._as_it_is = as_it_is
            figures.append(runs)
        photo_rows.append((label, *figures))
    clear_caches()
    bare = type(report)(**{**report.__dict__, "entries": [
        type(e)(**{**e.__dict__, "photos": []}) for e in report.entries]})
    text_only, _ = timed(bare, store, framework, a.runs, old_path=False)

    print(f"\nrender_pdf(), {len(report.entries)} entries, {2 * len(report.entries)} photos, "
          f"min / median of {a.runs} (s); text identical on both paths")
    print(f"  {'photos stored as':26} {'old path':>17} {'as-is path':>17} {'PDF old → new':>20}")
    for label, old, new, old_size, new_size, count in rows:
        print(f"  {label:26} {min(old):7.2f} / {statistics.median(old):5.2f}   "
              f"{min(new):7.2f} / {statistics.median(new):5.2f}   "
              f"{old_size / mb:6.2f} → {new_size / mb:5.2f} MB  ({count} images)")
    print(f"  {'no photos (the floor)':26} {'':>17} {min(text_only):7.2f} / "
          f"{statistics.median(text_only):5.2f}")
    print(f"\nthe {len(wanted)} photos alone (images.print_image, CPU s, min / median)")
    for label, old, new in photo_rows:
        print(f"  {label:26} {min(old):7.3f} / {statistics.median(old):5.3f}   "
              f"{min(new):7.3f} / {statistics.median(new):5.3f}   "
              f"{statistics.median(old) / len(wanted) * 1000:5.1f} → "
              f"{statistics.median(new) / len(wanted) * 1000:4.1f} ms a photo")
    for label, old, new in photo_rows:
        print(f"photos alone, {label}: {statistics.median(old) / statistics.median(new):.1f}×")
    for label, old, new, *_ in rows:
        per = (statistics.median(old) - statistics.median(new)) / (2 * len(report.entries))
        print(f"photo render, {label}: {statistics.median(old) / statistics.median(new):.2f}× "
              f"({per * 1000:+.1f} ms a photo saved)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
