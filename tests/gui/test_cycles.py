"""Opening and closing a report leaves no widget that only Python's cycle collector frees.

A ``lambda`` capturing ``self`` connected to a child's signal makes a reference cycle
(widget → child → connection → lambda → widget); such widgets are freed only by the cycle
collector, at an arbitrary moment and thread, which aborted at exit on PySide6 6.12."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import Shiboken

from ita_desktop.gui.app import build_window
from ita_desktop.gui.editor.entry_card import EntryCard
from ita_desktop.gui.editor.indicator_form import IndicatorForm

# The navigator, the editor and every form and card of the demo report are built and freed
# here (hundreds of widgets); with bound methods none of them is left to the cycle collector
# (0 today). The allowance of 10 is for an odd Qt-internal or one-off helper object that might
# land in a cycle in a future Qt without any user-visible effect; the old lambdas left ~360,
# one more lambda-connected card alone would leave about 20 (card, buttons, layouts, rows).
THRESHOLD = 10


def _qobjects_in_garbage() -> list[object]:
    return [o for o in gc.garbage if isinstance(o, QObject)]


def test_closing_a_report_leaves_no_widget_cycles(qtbot, db_path):
    window = build_window(str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        window.start.open_demo()
        for _ in range(40):  # let the idle pre-building of the other forms run
            qtbot.wait(20)
        forms = len(window.editor.findChildren(IndicatorForm))
        cards = len(window.editor.findChildren(EntryCard))
        assert forms > 1 and cards > 10  # a meaningful amount of UI was built
        editor = weakref.ref(window.editor)
        window.close_report()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found = _qobjects_in_garbage()
        # the editor really was freed (not kept alive, which would hide its cycles)
        assert editor() is None or not Shiboken.isValid(editor())
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    names = sorted({type(o).__name__ for o in found})
    assert len(found) <= THRESHOLD, f"{len(found)} QObjects freed only by the cycle collector: {names}"
