"""Render the demo report (ita_desktop/data/demo) to PDF and its oracle expected.txt; time it.

    python benchmarks/render_demo.py [OUT_DIR] [--digits thai|arabic] [--png]

``--png`` also writes ~100 dpi page images (needs poppler's pdftoppm) for docs/sample-report/.
The oracle check: python ../shared/tools/thai_pdf_oracle.py OUT_DIR/pathumwan-2567-6m.pdf
OUT_DIR/pathumwan-2567-6m.expected.txt --visual ita_desktop/data/fonts/Sarabun-*.ttf
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita_desktop.core.exchange.report_json import read_report_file  # noqa: E402
from ita_desktop.core.framework.catalog import try_load_framework  # noqa: E402
from ita_desktop.core.render import render_pdf  # noqa: E402
from tests.render.expected import expected_txt  # noqa: E402

DEMO = ROOT / "ita_desktop" / "data" / "demo" / "pathumwan-2567-6m.json"


class Processed:
    """PhotoSource over the photos read from the interchange file (already print size)."""

    def __init__(self, photos: dict) -> None:
        self.photos = photos

    def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
        return self.photos[sha256].print_jpeg


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="build/sample-report")
    ap.add_argument("--digits", choices=("thai", "arabic"))
    ap.add_argument("--png", action="store_true")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    report, photos = read_report_file(DEMO)
    t1 = time.perf_counter()
    fw = try_load_framework(report.framework)
    source = Processed(photos)
    t2 = time.perf_counter()
    pdf = render_pdf(report, source, fw, digits=a.digits)
    t3 = time.perf_counter()
    pdf2 = render_pdf(report, source, fw, digits=a.digits)  # warm: caches filled, as in the app
    t4 = time.perf_counter()
    assert pdf == pdf2, "rendering must be deterministic"
    stem = out / DEMO.stem
    stem.with_suffix(".pdf").write_bytes(pdf)
    stem.with_suffix(".expected.txt").write_text(expected_txt(report, fw, a.digits),
                                                 encoding="utf-8")
    print(f"read + import photos {t1 - t0:.2f} s; render {t3 - t2:.2f} s (first), "
          f"{t4 - t3:.2f} s (again); {len(pdf) / 1024:.0f} KiB -> {stem}.pdf")
    if a.png:
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(stem.with_suffix(".pdf")),
                        str(out / "page")], check=True)
        from PIL import Image

        for png in sorted(out.glob("page-*.png")):  # a 64-colour palette: a third of the size
            with Image.open(png) as im:
                small = im.convert("RGB").quantize(64, method=Image.Quantize.MEDIANCUT)
            small.save(png, optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
