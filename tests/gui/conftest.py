"""GUI test fixtures: offscreen Qt (set in tests/conftest.py), Qt warnings fail the test,
the UI in Thai with the bundled font, a fresh database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# Messages of the offscreen platform itself, not of our code.
_BENIGN = ("This plugin does not support", "propagateSizeHints")


@pytest.fixture(autouse=True)
def qt_warnings_fail(qapp, qtlog) -> Iterator[None]:  # noqa: ANN001
    yield
    from PySide6.QtCore import QtMsgType

    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and not any(b in r.message for b in _BENIGN)]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture(autouse=True)
def thai_ui(qapp) -> Iterator[None]:  # noqa: ANN001
    from ita_desktop.gui import fonts, i18n

    fonts.apply_font(qapp, 11)
    i18n.set_language("th")
    yield
    i18n.set_language("th")


@pytest.fixture(autouse=True)
def no_leftover_modal_waits() -> Iterator[None]:
    yield
    from tests.gui.helpers import forget_modal_waits

    forget_modal_waits()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "gui.sqlite"


@pytest.fixture
def session(db_path: Path):
    from ita_desktop.core.store import Store
    from ita_desktop.gui.session import Session

    s = Session(Store.open(db_path))
    yield s
    try:
        s.close()
    except Exception:  # already closed by the test
        pass


@pytest.fixture
def demo_window(qtbot, db_path):  # noqa: ANN001
    """The main window at 1366×768 with the demo report open."""
    from ita_desktop.gui.app import build_window

    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start.open_demo()
    yield window
    window.close()
