"""The import budget (issue: one-second start on an old PC): what ``ita --help``, ``ita forms
list`` and the window's start screen load. Each runs in a fresh interpreter; the test fails when
a heavy library creeps back in before it is needed (the renderer, Pillow, ICU, pdfium, openpyxl,
numpy/pandas; Qt for the command line). Timings live in benchmarks/, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = {"reportlab", "PIL", "pi_heif", "icu", "nlpo3", "uharfbuzz", "pypdfium2", "openpyxl",
         "numpy", "pandas", "fitz", "pymupdf"}

_REPORT = """
import json, sys
heavy = sorted({m.split(".")[0] for m, mod in sys.modules.items() if mod is not None}
               & set(json.loads(sys.argv[1])))
print("BUDGET" + json.dumps(heavy))
"""

_CLI = """
import sys
from ita_desktop.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
""" + _REPORT

_START_SCREEN = """
import os, sys
from ita_desktop.gui.app import build_window
from ita_desktop.gui.qt import QApplication
app = QApplication.instance() or QApplication([])
window = build_window(os.path.join(os.environ["ITA_DESKTOP_HOME"], "ita.db"))
window.show()
app.processEvents()
assert window.start is not None and window.editor is None
""" + _REPORT


def _loaded(code: str, home: Path, *args: str) -> list[str]:
    env = {**os.environ, "ITA_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, json.dumps(sorted(HEAVY | {"PySide6"})),
                           *args], capture_output=True, text=True, env=env, timeout=120)
    line = [x for x in done.stdout.splitlines() if x.startswith("BUDGET")]
    assert line, done.stderr[-2000:]
    return json.loads(line[-1][len("BUDGET"):])


@pytest.mark.parametrize("args", [["--help"], ["forms", "list"], ["list"]])
def test_the_command_line_loads_only_what_the_command_needs(args: list[str], tmp_path: Path
                                                            ) -> None:
    assert _loaded(_CLI, tmp_path, *args) == []


def test_the_start_screen_loads_no_renderer_and_no_imaging(tmp_path: Path) -> None:
    assert _loaded(_START_SCREEN, tmp_path) == ["PySide6"]


def test_the_budget_catches_a_heavy_import(tmp_path: Path) -> None:
    """The check itself can fail: a command that renders loads the renderer."""
    assert "reportlab" in _loaded(_CLI + "\nimport ita_desktop.core.render\n" + _REPORT, tmp_path,
                                  "--help")
