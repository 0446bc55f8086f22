"""Translations: gettext catalogs built with Babel.

Source strings (msgids) are English; ``resources/translations/<lang>/LC_MESSAGES/ita_desktop.po``
holds each language (for translators). The program reads only the compiled catalogs shipped as
package data (``ita_desktop/data/locale``): ``update_catalogs.py`` writes them and a test keeps
them in step with the .po files, so nothing is compiled at start.

``pseudo`` is a test language: every string comes back longer and bracketed, to catch labels
that would be clipped by a longer translation.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from ..core.base import paths

DOMAIN = "ita_desktop"
LANGUAGES = {"th": "ไทย", "en": "English"}
DEFAULT_LANGUAGE = "th"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    return paths.locale_dir()


def load_catalog(language: str) -> gettext.NullTranslations:
    """The translations of ``language`` (English or unknown: the msgids themselves)."""
    mo = translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as stream:
            return gettext.GNUTranslations(stream)
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
