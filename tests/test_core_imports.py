"""The core (everything but the GUI package) never imports Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ita_desktop


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(ita_desktop.__path__, "ita_desktop."):
        if not info.name.startswith("ita_desktop.gui"):
            names.append(info.name)
    return names


def test_core_modules_found() -> None:
    names = core_modules()
    assert "ita_desktop.core.store.store" in names
    assert "ita_desktop.cli" in names


def test_core_imports_without_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(len(sys.modules)); assert not qt, qt\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
