"""Render the stress report of the tests (a 4-page row, 12 photos in one entry, markup and
emoji, a long URL, empty cells) and its oracle expected.txt.

    python benchmarks/render_stress.py [OUT_DIR] [--digits thai|arabic]
    python ../shared/tools/thai_pdf_oracle.py OUT_DIR/stress.pdf OUT_DIR/stress.expected.txt \
        --visual ita_desktop/data/fonts/Sarabun-Regular.ttf ita_desktop/data/fonts/Sarabun-Bold.ttf
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita_desktop.core.framework.catalog import try_load_framework  # noqa: E402
from ita_desktop.core.render import render_pdf  # noqa: E402
from tests.render.expected import expected_txt  # noqa: E402
from tests.render.factory import stress_report  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="build/stress")
    ap.add_argument("--digits", choices=("thai", "arabic"))
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    report, photos = stress_report()
    fw = try_load_framework(report.framework)
    t = time.perf_counter()
    pdf = render_pdf(report, photos, fw, digits=a.digits)
    print(f"render {time.perf_counter() - t:.2f} s, {len(pdf) / 1024:.0f} KiB")
    (out / "stress.pdf").write_bytes(pdf)
    (out / "stress.expected.txt").write_text(expected_txt(report, fw, a.digits), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
