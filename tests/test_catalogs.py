"""The .po catalogs are the translators' source: CI fails when a GUI string has no Thai, when a
Thai string is still fuzzy, when a translation's placeholders or accelerator differ from its
msgid, or when the template is out of step with the code (update_catalogs.py not rerun).
The compiled .mo being in step is tests/test_packaging.py's job."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
TOOL = TRANSLATIONS / "tools" / "update_catalogs.py"

# {name} (str.format), %s / %d / %(name)s (printf), %1 / %v / %m (Qt's own)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sdvm%]|%\d")


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def _tool():
    spec = importlib.util.spec_from_file_location("update_catalogs", TOOL)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def accelerators(text: str) -> int:
    """How many '&x' mnemonics a label has ('&&' is a literal ampersand)."""
    return len(re.findall(r"&(?!&)\S", text.replace("&&", "")))


def problems(message: Message) -> list[str]:
    """What is wrong with one Thai entry: empty, fuzzy, placeholders or accelerator differ."""
    if not message.id:
        return []
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if not all(strings):
        return [f"untranslated: {ids[0]!r}"]
    out = [f"fuzzy: {ids[0]!r}"] if message.fuzzy else []
    for string in strings:
        if placeholders(string) != placeholders(ids[0]):
            out.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
        if accelerators(string) != accelerators(ids[0]):
            out.append(f"accelerator (&) differs: {ids[0]!r} -> {string!r}")
    return out


def test_no_translation_source_outside_the_po_files():
    assert sorted(p.name for p in (TRANSLATIONS / "tools").iterdir()
                  if p.suffix == ".py") == ["update_catalogs.py"]


def test_every_thai_entry_is_translated_reviewed_and_keeps_its_placeholders():
    found = [p for m in _catalog(TRANSLATIONS / "th" / "LC_MESSAGES" / "ita_desktop.po")
             for p in problems(m)]
    assert found == [], "fix in the .po (docs/translating.md)"


def test_the_template_is_what_the_code_has(tmp_path):
    fresh = tmp_path / "fresh.pot"
    _tool().extract(fresh)
    in_code = {m.id for m in _catalog(fresh) if m.id}
    assert len(in_code) > 300  # the extraction really read the GUI
    in_template = {m.id for m in _catalog(TRANSLATIONS / "ita_desktop.pot") if m.id}
    assert in_code == in_template, "run resources/translations/tools/update_catalogs.py"
    for language in ("th", "en"):
        live = {m.id for m in _catalog(TRANSLATIONS / language / "LC_MESSAGES"
                                       / "ita_desktop.po") if m.id}
        assert live == in_code, f"{language}: run update_catalogs.py"


@pytest.mark.parametrize(("msgid", "msgstr", "expected"), [
    ("Saved {time}", "บันทึกแล้ว {time}", []),
    ("Saved {time}", "บันทึกแล้ว {เวลา}", ["placeholders differ"]),
    ("%v of %m files", "%v จาก ไฟล์", ["placeholders differ"]),
    ("&Open…", "เปิด…", ["accelerator (&) differs"]),
    ("&Open…", "เปิด… (&O)", []),
    ("Save && close", "บันทึกและปิด", []),
    ("Open", "", ["untranslated"]),
])
def test_the_checks_catch_what_they_say(msgid, msgstr, expected):
    found = problems(Message(msgid, msgstr))
    assert [p.split(":")[0] for p in found] == expected


def test_a_fuzzy_entry_is_caught_and_not_compiled(tmp_path):
    catalog = Catalog(locale="th")
    catalog.add("Open", "เปิด", flags=("fuzzy",))
    assert [p.split(":")[0] for p in problems(catalog["Open"])] == ["fuzzy"]
    po = tmp_path / "x.po"
    from babel.messages.pofile import write_po

    with po.open("wb") as out:
        write_po(out, catalog)
    import gettext
    import io

    assert gettext.GNUTranslations(io.BytesIO(_tool().compiled(po))).gettext("Open") == "Open"


def test_update_keeps_translations_and_marks_new_strings(tmp_path, monkeypatch):
    """The merge step is pybabel update: a translation survives, a new msgid arrives empty."""
    tool = _tool()
    monkeypatch.setattr(tool, "TRANSLATIONS", tmp_path)
    th = Catalog(locale="th")
    th.add("Open", "เปิด")
    th.add("Gone", "หายไป")
    (tmp_path / "th" / "LC_MESSAGES").mkdir(parents=True)
    from babel.messages.pofile import write_po

    with tool.po_path("th").open("wb") as out:
        write_po(out, th)
    template = Catalog()
    template.add("Open")
    template.add("Close")
    merged = tool.merge("th", template)
    assert merged["Open"].string == "เปิด"
    assert not merged["Close"].string
    assert "Gone" in merged.obsolete
    assert tool.todo(merged) == ["untranslated: Close"]
