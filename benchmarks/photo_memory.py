"""Peak memory of taking in one very large photo (the 4 GB office PC budget).

    python benchmarks/photo_memory.py [--megapixels 110] [--mode RGBA] [--format PNG]

Writes a synthetic picture of that size to a temporary file (in a separate process, so its
memory is not counted), then processes it with ``photos.read_photo_file`` in a fresh process
and prints that process's peak resident memory (ru_maxrss) before and after, and the outcome
(accepted with the stored size, or the refusal). Linux/macOS only (``resource``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _make(path: Path, megapixels: float, mode: str, fmt: str) -> None:
    from PIL import Image, ImageDraw

    width = int((megapixels * 1_000_000 * 11 / 10) ** 0.5)
    height = int(megapixels * 1_000_000 / width)
    colour = {"RGBA": (40, 120, 200, 255), "RGB": (40, 120, 200), "L": 120}.get(mode, 0)
    image = Image.new(mode, (width, height), colour)
    draw = ImageDraw.Draw(image)
    for n in range(0, width, max(1, width // 20)):
        draw.line([(n, 0), (width - n, height)], fill=(255, 255, 255, 128)
                  if mode == "RGBA" else 255 if mode == "L" else (255, 255, 255), width=9)
    image.save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))


def _measure(path: Path) -> None:
    import resource

    from ita_desktop.core.base.errors import PhotoError
    from ita_desktop.core.photos.intake import read_photo_file

    def peak_mb() -> float:
        scale = 1024 if sys.platform != "darwin" else 1024 * 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1_000_000

    before = peak_mb()
    try:
        photo = read_photo_file(path)
        outcome = (f"accepted: stored {photo.width}×{photo.height}, "
                   f"{len(photo.print_jpeg) / 1000:.0f} KB")
    except PhotoError as exc:
        outcome = f"refused: {exc.english or exc.message}"
    after = peak_mb()
    print(f"peak RSS before: {before:.0f} MB, after: {after:.0f} MB "
          f"(intake used {after - before:.0f} MB)")
    print(outcome)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--make":
        _make(Path(argv[1]), float(argv[2]), argv[3], argv[4])
        return
    if argv and argv[0] == "--measure":
        _measure(Path(argv[1]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megapixels", type=float, default=110.0)
    parser.add_argument("--mode", default="RGBA", choices=["RGBA", "RGB", "L"])
    parser.add_argument("--format", default="PNG", choices=["PNG", "JPEG", "TIFF", "BMP"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / f"big.{args.format.lower()}"
        subprocess.run([sys.executable, __file__, "--make", str(path), str(args.megapixels),
                        args.mode, args.format], check=True)
        print(f"{args.megapixels:g} MP {args.mode} {args.format}, "
              f"{path.stat().st_size / 1000:.0f} KB on disk")
        subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)


if __name__ == "__main__":
    main()
