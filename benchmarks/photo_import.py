"""How long importing camera photos takes, and how much the store keeps of each.

    python benchmarks/photo_import.py [--count 8] [--megapixels 12]

Prints figures only (no pass/fail): per-photo import time (median, min, max), original size,
stored size (print + thumbnail), and totals. Generating the photos is not timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the package
    sys.path.insert(0, str(ROOT))

from benchmarks.camera import camera_jpeg  # noqa: E402
from ita_desktop.core.photos.intake import ProcessedPhoto, process_photo  # noqa: E402

MB = 1_000_000


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=8, help="photos to import (default 8)")
    parser.add_argument("--megapixels", type=float, default=12.0, help="size of each (12)")
    return parser.parse_args(argv)


def _timed_import(data: bytes, name: str) -> tuple[float, ProcessedPhoto]:
    start = time.perf_counter()
    photo = process_photo(data, name)
    return time.perf_counter() - start, photo


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    print(f"generating {args.count} camera-like {args.megapixels:g}-MP JPEGs...")
    originals = [camera_jpeg(seed, args.megapixels) for seed in range(args.count)]

    times: list[float] = []
    stored_total = 0
    print(f"{'photo':<12}{'time s':>8}{'original MB':>13}{'print KB':>10}{'thumb KB':>10}"
          f"{'stored KB':>11}{'size':>11}")
    for seed, data in enumerate(originals):
        seconds, photo = _timed_import(data, f"IMG_{seed:04d}.JPG")
        stored = len(photo.print_jpeg) + len(photo.thumb_jpeg)
        times.append(seconds)
        stored_total += stored
        print(f"{photo.original_name:<12}{seconds:>8.3f}{len(data) / MB:>13.2f}"
              f"{len(photo.print_jpeg) / 1000:>10.0f}{len(photo.thumb_jpeg) / 1000:>10.1f}"
              f"{stored / 1000:>11.0f}{f'{photo.width}×{photo.height}':>11}")

    original_total = sum(len(data) for data in originals)
    print(f"import time per photo: median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s, max {max(times):.3f} s")
    print(f"total: {len(times)} photos in {sum(times):.2f} s; originals "
          f"{original_total / MB:.1f} MB, stored {stored_total / MB:.2f} MB "
          f"({stored_total / original_total:.1%} of the originals)")


if __name__ == "__main__":
    main()
