"""Whether an entry still shows the bundled wording of an item that has not been checked
against the official manual (the framework file says ``confirmed: false``).

The editor shows its "not yet checked" hint only for such entries, and only where the text
can still be edited: once the clerk has corrected the wording, or the item is confirmed, or
the report is final, the hint has nothing left to help with.
"""

from __future__ import annotations

from ..framework.definition import Framework
from .model import Entry


def _plain(text: str) -> str:
    return " ".join(text.split())


def wording_unchecked(entry: Entry, framework: Framework | None) -> bool:
    if framework is None or not entry.item:
        return False
    item = framework.item(entry.item.partition("-")[0])
    if item is None or item.confirmed:
        return False
    return _plain(entry.item_text) == _plain(item.text)
