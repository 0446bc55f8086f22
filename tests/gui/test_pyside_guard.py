"""PySide6 6.12 on Python 3.11 drops a reference to None on every void Qt call; without the
guard the app dies with "none_dealloc" after some thousands of calls."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ita_desktop.gui.qt  # noqa: F401 - importing the GUI's Qt module installs the guard

CALLS = """
import sys
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(200_000):
    label.setText("x")
print("alive")
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CALLS.format(guard=guard)], text=True,
                          capture_output=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})


def test_many_void_calls_survive_with_the_guard():
    assert _run("import ita_desktop.gui.qt").stdout.strip() == "alive"


def test_the_bug_is_still_there_without_the_guard():
    """PySide6 6.12.0 on Python 3.11 has the bug (pyproject stays below 6.12; the guard covers
    an install that got 6.12 anyway). When this fails on 6.12.x, the binding is fixed."""
    import PySide6

    if sys.version_info >= (3, 12) or not PySide6.__version__.startswith("6.12."):
        pytest.skip(f"the bug is in PySide6 6.12 on Python 3.11; this is {PySide6.__version__}")
    result = _run("")
    assert result.returncode != 0 and "none_dealloc" in result.stderr
