"""Guard against a PySide6 reference-count bug that would crash the app after a while.

With PySide6-Essentials 6.12.0 on Python 3.11, every call of a Qt method that returns nothing
(``label.setText(…)``, ``timer.start()``, ``processEvents()``…) gives back ``None`` without
taking a reference to it, so each such call lowers ``None``'s reference count by one. Python
3.12+ makes ``None`` immortal and is unaffected; on 3.11, after some thousands of calls the
count reaches zero and the interpreter aborts with "Fatal Python error: none_dealloc" — after
minutes or hours of work, which no clerk may ever see. (``test_pyside_guard.py`` shows it.)

Until the binding is fixed or the build uses Python 3.12+, this module raises ``None``'s
reference count once, by far more than a lifetime of calls can take away. ``None`` is a static
object that CPython never frees, so a high count changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 50
_done = False


def protect_none() -> bool:
    """Raise None's reference count (Python < 3.12 only); True if it did."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    refcount.value += HEADROOM
    _done = True
    return True
