"""Write THIRD-PARTY-NOTICES.txt: every component the program ships and its licence text.

    python packaging/notices.py [OUT] [--gui]

Generated from the installed distributions (the run-time dependency closure of ita-desktop,
with ``--gui`` also its ``gui`` extra: PySide6, pypdfium2), their licence files as installed,
plus the bundled fonts, Qt's LGPL-3 terms (how to replace its libraries), Python's licence and
PyInstaller's bootloader exception. installer.spec runs it; the Windows installer copies the
file next to the program.
"""

from __future__ import annotations

import re
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "ita_desktop" / "data" / "fonts"
LICENCE_FILE = re.compile(
    r"(^|/)(licen[cs]e|copying|notice|authors|copyright)[^/]*$|\.dist-info/licen[cs]es/", re.I)
# build tools that some dependency lists but installer.spec excludes
NOT_SHIPPED = ("pip", "setuptools", "wheel")

QT_NOTE = """\
Qt (through PySide6) is used under the GNU Lesser General Public License version 3
(LGPL-3.0-only). The Qt libraries are shipped as separate, unmodified shared libraries
(Qt6*.dll / libQt6*.so*) in the program folder. You may replace them with your own build of the
same Qt version: put your libraries in their place. The source code of Qt is available at
qt.io and download.qt.io (the version is in the PySide6 entry below); on request we send a copy
of the source of the exact version shipped, for at least three years after the last shipment.
PySide6 and Shiboken6 are likewise LGPL-3.0-only. ICU data inside Qt: Unicode licence.
"""

NATIVE_NOTE = """\
Native libraries inside the Python packages listed below (their licence files follow, where the
package ships them):
  ICU (in pyicu-wheels, and in Qt on Linux) — Unicode License v3 (unicode.org/license.txt)
  HarfBuzz (in uharfbuzz) — "Old MIT" licence (github.com/harfbuzz/harfbuzz, COPYING)
  PDFium (in pypdfium2) — BSD-3-Clause / Apache-2.0, with its third-party parts listed below
  libheif and libde265 (in pi-heif) — LGPL-3.0; decode only, no HEVC encoder (no x265)
  FreeType, libjpeg-turbo, zlib, libpng, libwebp, libtiff … (in Pillow) — see Pillow's licence
"""

PYINSTALLER_NOTE = """\
The programs ita-desktop and ita start through PyInstaller's bootloader, licensed under the
GPL-2.0-or-later with the PyInstaller bootloader exception, which permits its use in programs
under any licence. The Python run time is under the Python Software Foundation licence.
"""


def closure(extras: tuple[str, ...]) -> list[metadata.Distribution]:
    """ita-desktop's run-time dependencies, recursively, as installed."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [("ita-desktop", extras)]
    while todo:
        name, wanted = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for text in dist.requires or []:
            # "name[extra]>=1; extra == 'gui'": other markers count as met (a dependency that
            # is not installed is skipped above)
            spec, _, marker = text.partition(";")
            needs = re.search(r"extra\s*==\s*['\"]([^'\"]+)", marker)
            if needs and needs.group(1) not in wanted:
                continue
            found = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[([^\]]*)\])?", spec)
            if found:
                more = tuple(e.strip() for e in (found.group(2) or "").split(",") if e.strip())
                todo.append((found.group(1), more))
    for name in ("ita-desktop", *NOT_SHIPPED):
        seen.pop(name, None)
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_name(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    text = (meta.get("License") or "").strip()
    if text and len(text) < 100:
        classifiers.insert(0, text)
    return "; ".join(dict.fromkeys(classifiers)) or "see the licence text below"


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    out = []
    for file in dist.files or []:
        name = str(file)
        if ".dist-info/" in name and LICENCE_FILE.search(name) and "/android" not in name:
            try:
                out.append((name, Path(str(dist.locate_file(file))).read_text("utf-8", "replace")))
            except OSError:
                continue
    return out


def python_licence() -> str:
    for folder in (sysconfig.get_paths()["stdlib"], sys.base_prefix):
        for name in ("LICENSE.txt", "LICENSE"):
            path = Path(folder) / name
            if path.is_file():
                return path.read_text("utf-8", "replace")
    return "Python Software Foundation License Version 2 (https://docs.python.org/3/license.html)"


def build(gui: bool) -> str:
    rule = "=" * 78
    parts = ["ITA Desktop — third-party notices / ประกาศเกี่ยวกับซอฟต์แวร์ของบุคคลที่สาม",
             "", "This program includes the following components under their own licences.", ""]
    dists = closure(("gui",) if gui else ())
    parts += [f"  {d.metadata['Name']} {d.version} — {licence_name(d)}" for d in dists]
    parts += ["  Fonts: Sarabun (SIL OFL 1.1), Symbola (free for any use)",
              f"  Python {sys.version.split()[0]} — PSF-2.0", ""]
    if gui:
        parts += [rule, "Qt / PySide6", rule, QT_NOTE]
    parts += [rule, "Native libraries", rule, NATIVE_NOTE]
    parts += [rule, "PyInstaller bootloader and Python", rule, PYINSTALLER_NOTE]
    for font in sorted(FONTS.glob("*.txt")):
        parts += [rule, f"Font licence: {font.name}", rule, font.read_text("utf-8")]
    for dist in dists:
        parts += [rule, f"{dist.metadata['Name']} {dist.version} — {licence_name(dist)}", rule]
        home = dist.metadata.get("Home-page") or next(
            (u.split(",", 1)[-1].strip() for u in dist.metadata.get_all("Project-URL") or []), "")
        if home:
            parts.append(f"Home: {home}")
        texts = licence_texts(dist)
        if not texts:
            parts.append("(no licence file in the distribution; licence as named above)")
        for name, text in texts:
            parts += [f"--- {name}", text.strip(), ""]
    parts += [rule, "Python", rule, python_licence()]
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else ROOT / "build" / "THIRD-PARTY-NOTICES.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build(gui="--gui" in argv), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
