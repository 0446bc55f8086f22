"""Extract the GUI's strings and update the catalogs.

    .venv/bin/python resources/translations/tools/update_catalogs.py

Runs ``pybabel extract`` (babel.cfg), then writes th/LC_MESSAGES/ita_desktop.po (Thai, from
th_messages*.py; untranslated msgids are listed and left empty so they show in English) and
en/LC_MESSAGES/ita_desktop.po (English: the msgids), then compiles each into the package data
``ita_desktop/data/locale/<lang>/LC_MESSAGES/ita_desktop.mo`` that the program reads (committed;
tests/test_packaging_data.py fails when a .mo is out of step with its .po).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE.parent
ROOT = TRANSLATIONS.parents[1]
LOCALE = ROOT / "ita_desktop" / "data" / "locale"
sys.path.insert(0, str(HERE))

# every th_messages*.py beside this file (one per part of the app), merged in name order
_PARTS = [importlib.import_module(p.stem) for p in sorted(HERE.glob("th_messages*.py"))]
TH = {k: v for part in _PARTS for k, v in part.TH.items()}
TH_PLURAL = {k: v for part in _PARTS for k, v in part.TH_PLURAL.items()}


def main() -> None:
    pot = TRANSLATIONS / "ita_desktop.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
                    "--no-location", "--sort-output", "--omit-header", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    missing = []
    for lang in ("th", "en"):
        with pot.open("rb") as stream:
            template = read_po(stream)
        catalog = Catalog(locale=lang, project="ITA Desktop", version="0.1")
        for message in template:
            if not message.id:
                continue
            if lang == "en":
                string: str | tuple[str, ...] = ("", "") if isinstance(message.id, tuple) else ""
            elif isinstance(message.id, tuple):
                string = (TH_PLURAL.get(message.id[0], ""),)
            else:
                string = TH.get(message.id, "")
            if lang == "th" and not any(string if isinstance(string, tuple) else (string,)):
                missing.append(message.id)
            catalog.add(message.id, string)
        folder = TRANSLATIONS / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "ita_desktop.po").open("wb") as out:
            write_po(out, catalog, width=100, omit_header=False)
    compile_all()
    for msgid in missing:
        print("untranslated (th):", msgid)


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file (deterministic: the same .po gives the same bytes)."""
    import io

    with po.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_all() -> None:
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/ita_desktop.po")):
        target = LOCALE / po.relative_to(TRANSLATIONS).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compiled(po))


if __name__ == "__main__":
    main()
