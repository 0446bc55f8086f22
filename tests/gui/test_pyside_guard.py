"""PySide6 6.12 on Python 3.11 drops a reference to None on every void Qt call; without the
guard the app dies with "none_dealloc" after some thousands of calls."""

from __future__ import annotations

import subprocess
import sys

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
    """When this fails, the binding (or Python >= 3.12) is fixed: the guard can go."""
    if sys.version_info >= (3, 12):
        return
    result = _run("")
    assert result.returncode != 0 and "none_dealloc" in result.stderr
