"""Translations: gettext catalogs built with Babel.

Source strings (msgids) are English; ``resources/translations/<lang>/LC_MESSAGES/ita_desktop.po``
holds each language. A compiled ``.mo`` next to the ``.po`` is used when present (built at
install/build time); otherwise the ``.po`` is compiled in memory with Babel, so a fresh clone
works without a build step.

``pseudo`` is a test language: every string comes back longer and bracketed, to catch labels
that would be clipped by a longer translation.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from ..core import paths

DOMAIN = "ita_desktop"
LANGUAGES = {"th": "ไทย", "en": "English"}
DEFAULT_LANGUAGE = "th"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    return paths.resources_dir() / "translations"


def load_catalog(language: str) -> gettext.NullTranslations:
    """The translations of ``language`` (English or unknown: the msgids themselves)."""
    folder = translations_dir() / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    if po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as stream:
            catalog = read_po(stream, locale=language if language != "pseudo" else None)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)


def pseudo(message: str) -> str:
    """'Open' -> '[Ŏƥēŋ·····]': about twice as long, placeholders kept."""
    if not message:
        return message
    accents = str.maketrans("aeiouAEIOUnpc", "āēīōūĀĒĪŌŪŋƥç")
    out = []
    depth = 0
    for ch in message:  # leave {placeholders} and &accelerators intact
        if ch == "{":
            depth += 1
        if depth or ch == "&":
            out.append(ch)
        else:
            out.append(ch.translate(accents))
        if ch == "}":
            depth -= 1
    text = "".join(out)
    visible = len(message)
    return f"[{text}{'·' * max(2, visible)}]"


def set_language(language: str) -> None:
    global _current, _language
    _language = language
    _current = _Pseudo() if language == "pseudo" else load_catalog(language)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with ``_``."""
    return message
