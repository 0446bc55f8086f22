"""Extract the GUI's strings, merge them into the catalogs, compile the catalogs.

    .venv/bin/python resources/translations/tools/update_catalogs.py

The ``.po`` files under ``resources/translations/<lang>/LC_MESSAGES/`` are the translators'
source (Poedit or any translation platform edits them; docs/translating.md). This tool does only
what Babel's ``pybabel extract``/``update``/``compile`` do, in the project's settings:

1. extract every ``_()``, ``N_()`` and ``ngettext()`` of the GUI (``babel.cfg``) into
   ``ita_desktop.pot``;
2. merge the template into each ``.po``: new strings arrive empty (or fuzzy, with a close old
   translation to review), strings gone from the code are kept as obsolete (``#~``) entries,
   translations are never overwritten;
3. compile each ``.po`` into the package data ``ita_desktop/data/locale/<lang>/LC_MESSAGES/
   ita_desktop.mo`` that the program reads (committed; a test fails when a ``.mo`` is out of
   step with its ``.po``). Fuzzy entries are not compiled: they show in English until reviewed.

It then lists what a translator still has to do (``th``: untranslated and fuzzy strings);
tests/test_catalogs.py fails CI on the same list.
"""

from __future__ import annotations

import io
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
TEMPLATE = TRANSLATIONS / "ita_desktop.pot"
LANGUAGES = ("en", "th")  # en: the msgids themselves (empty msgstr falls back to them)
KEYWORDS = ("-k", "_", "-k", "N_", "-k", "ngettext:1,2")
PO_WIDTH = 100


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "ita_desktop.po"


def extract(target: Path) -> None:
    """``pybabel extract`` with the project's keywords, no line numbers (stable diffs)."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), *KEYWORDS, "--no-location", "--sort-output",
                    "--omit-header", "-o", str(target), "."],
                   cwd=ROOT, check=True, capture_output=True)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def merge(language: str, template: Catalog) -> Catalog:
    """``pybabel update``: the template's messages, the existing translations kept."""
    path = po_path(language)
    if path.is_file():
        catalog = read_catalog(path)
    else:
        catalog = Catalog(locale=language, project="ITA Desktop", version="0.1")
    before = {message.id for message in catalog if message.id}
    stamp = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=(language == "en"))
    if before == {message.id for message in catalog if message.id}:
        catalog.creation_date = stamp  # nothing new: no date-only change to commit or merge
    catalog.fuzzy = False  # the header is ours, not a guess
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=PO_WIDTH, sort_output=True, include_previous=True)
    return catalog


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file (deterministic: the same .po gives the same bytes)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        target = LOCALE / language / "LC_MESSAGES" / "ita_desktop.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compiled(po_path(language)))


def todo(catalog: Catalog) -> list[str]:
    """What a translator still has to do in ``catalog``: untranslated and fuzzy msgids."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            out.append(f"untranslated: {message.id}")
        elif message.fuzzy:
            out.append(f"fuzzy (check, then remove the fuzzy mark): {message.id}")
    return out


def main() -> None:
    extract(TEMPLATE)
    template = read_catalog(TEMPLATE)
    thai = None
    for language in LANGUAGES:
        catalog = merge(language, template)
        if language == "th":
            thai = catalog
    compile_all()
    for line in todo(thai) if thai is not None else []:
        print("th", line)


if __name__ == "__main__":
    main()
