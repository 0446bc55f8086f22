"""What is in the frozen folder: its size, its 15 largest contributors, no GPL-only binary.

    python packaging/bundle_report.py ["dist/ITA Desktop"] [--top 15]

A contributor is a top-level package folder inside ``_internal`` (PySide6, babel, icu …) or a
single file (a shared library, the programs). Exit 1 when a known GPL-only binary is bundled
(the list below: x265 first, the encoder pillow-heif's wheels carry), so a proprietary bundle
never ships one. Prints figures; targets: under 200 MB, aim 150 MB.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# File names of binaries that are GPL-only (no LGPL/permissive option) and so cannot ship in a
# proprietary program. Matched case-insensitively against every file's name.
GPL_ONLY = {
    "x265": re.compile(r"(^|[^a-z])(lib)?x265", re.I),  # HEVC encoder (pillow-heif wheels)
    "x264": re.compile(r"(^|[^a-z])(lib)?x264", re.I),
    "pillow_heif": re.compile(r"pillow_heif", re.I),  # its wheels bundle x265
    "GNU readline": re.compile(r"^libreadline\.", re.I),  # GPL-3 (Python's readline module)
    "FFTW": re.compile(r"^libfftw3", re.I),
    "libpostproc": re.compile(r"postproc", re.I),
    "Qt GPL-only modules": re.compile(
        r"Qt6?(Charts|DataVisualization|VirtualKeyboard|Quick3D|Graphs|Lottie|NetworkAuth|"
        r"WebGL|Coap|Mqtt|Opcua)", re.I),
}


def contributor(folder: Path, path: Path) -> str:
    rel = path.relative_to(folder).parts
    if rel[0] == "_internal" and len(rel) > 2:
        return f"_internal/{rel[1]}"
    return "/".join(rel)


def sizes(folder: Path) -> Counter[str]:
    totals: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            totals[contributor(folder, path)] += path.stat().st_size
    return totals


def gpl_only(folder: Path) -> list[tuple[str, str]]:
    """(file relative to folder, which GPL-only component) for every match."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            for component, pattern in GPL_ONLY.items():
                if pattern.search(path.name) or (component == "pillow_heif"
                                                 and "pillow_heif" in path.parts):
                    found.append((str(path.relative_to(folder)), component))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "dist" / "ITA Desktop"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no folder {folder}: build it with  pyinstaller --noconfirm installer.spec",
              file=sys.stderr)
        return 2
    totals = sizes(folder)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    total = sum(totals.values())
    print(f"{folder}: {total / 1e6:.1f} MB in {files} files (target < 200 MB, aim 150 MB)")
    print(f"{args.top} largest contributors:")
    for name, size in totals.most_common(args.top):
        print(f"  {size / 1e6:7.1f} MB  {name}")
    bad = gpl_only(folder)
    for name, component in bad:
        print(f"GPL-only binary bundled: {name} ({component})")
    if not bad:
        print("no known GPL-only binary bundled")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
