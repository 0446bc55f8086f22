"""sqlite-utils, imported without numpy and pandas.

sqlite-utils imports numpy and pandas when they are installed (0.1–0.3 s at every start), only
to accept their value types in inserts; this app never inserts them. Marking both as absent
while sqlite-utils loads makes its own ``try: import … except ImportError`` take the no-numpy
path; the marks are removed again, so anything that really needs numpy still imports it.
"""

from __future__ import annotations

import sys

_blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _blocked:
    sys.modules[_name] = None  # type: ignore[assignment]  # import raises ImportError
try:
    import sqlite_utils
finally:
    for _name in _blocked:
        if sys.modules.get(_name, ...) is None:
            del sys.modules[_name]

__all__ = ["sqlite_utils"]
