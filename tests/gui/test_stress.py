"""The preview crash of issue 11, and what keeps it fixed.

* No PDFium call on the GUI thread: every raw PDFium function is wrapped to note its thread
  while previews open, page, zoom, close mid-render and are deleted.
* Opening and closing the preview 50 times frees what it took (the preview opened from the main
  window used to be leaked: about 9–10 MB per open).
* The stress reproducer (benchmarks/preview_stress.py) under ``-X dev`` and faulthandler: the
  preview closed and deleted while its pages are rasterised, and reports switched meanwhile.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdfium2.raw as pdfium_raw
import pytest

from ita_desktop.gui.jobs import wait_idle
from ita_desktop.gui.preview import PreviewDialog
from ita_desktop.gui.qt import QCoreApplication, QEvent, Qt, QTimer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pdfium_threads(monkeypatch) -> Iterator[dict[str, set[int]]]:  # noqa: ANN001
    """Which threads called which raw PDFium function while the test ran."""
    seen: dict[str, set[int]] = {}
    lock = threading.Lock()
    for name in dir(pdfium_raw):
        function = getattr(pdfium_raw, name)
        if not name.startswith("FPDF") or not callable(function) or isinstance(function, type):
            continue

        def wrapper(*args, _name=name, _function=function):  # noqa: ANN002, ANN202
            with lock:
                seen.setdefault(_name, set()).add(threading.get_ident())
            return _function(*args)

        monkeypatch.setattr(pdfium_raw, name, wrapper)
    yield seen
    assert wait_idle(30_000)


def _close_previews_when_drawn(app) -> None:  # noqa: ANN001
    dialogs = [w for w in app.topLevelWidgets()
               if isinstance(w, PreviewDialog) and w.isVisible()]
    if dialogs and dialogs[0]._cache:
        dialogs[0].reject()
    else:
        QTimer.singleShot(5, lambda: _close_previews_when_drawn(app))


def _preview_from_main_window(window, app) -> None:  # noqa: ANN001
    QTimer.singleShot(0, lambda: _close_previews_when_drawn(app))
    window.preview()  # exec(): returns when closed
    assert wait_idle(30_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _rss_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_no_pdfium_call_on_the_gui_thread(demo_window, qtbot, qapp,
                                          pdfium_threads) -> None:  # noqa: ANN001
    data = demo_window.session.renderer(demo_window.editor.report_id)()
    dialog = PreviewDialog(lambda: data, "t.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog._cache), timeout=20_000)
    dialog.next_page()
    dialog.zoom_in()
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    dialog.next_page()  # closed while this page is drawn
    dialog.reject()
    _preview_from_main_window(demo_window, qapp)
    # a WA_DeleteOnClose preview (the consolidation window's way), deleted mid-render
    late = PreviewDialog(lambda: data, "t.pdf")
    late.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    late.open()
    late.reject()
    del late
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert wait_idle(30_000)
    gc.collect()
    assert wait_idle(30_000)
    assert pdfium_threads, "the wrapper saw no PDFium call: the test would prove nothing"
    assert "FPDF_LoadMemDocument64" in pdfium_threads or "FPDF_LoadCustomDocument" in \
        pdfium_threads or any(n.startswith("FPDF_Load") for n in pdfium_threads)
    assert any(n.startswith("FPDF_CloseDocument") for n in pdfium_threads)
    on_gui = sorted(n for n, threads in pdfium_threads.items()
                    if threading.main_thread().ident in threads)
    assert not on_gui, f"PDFium called on the GUI thread: {on_gui}"


def test_fifty_previews_free_what_they_took(demo_window, qtbot, qapp) -> None:  # noqa: ANN001
    for _ in range(8):  # warm-up: fonts, caches, the PDF thread
        _preview_from_main_window(demo_window, qapp)
    gc.collect()
    before = _rss_mb()
    for _ in range(50):
        _preview_from_main_window(demo_window, qapp)
    gc.collect()
    grown = _rss_mb() - before
    alive = [o for o in gc.get_objects() if isinstance(o, PreviewDialog)]
    assert not alive, f"{len(alive)} previews were never freed"
    assert grown < 20, f"50 previews grew the process by {grown:.1f} MB"


def test_stress_reproducer_survives(tmp_path: Path) -> None:
    """The reproducer of the crash, in its own process under -X dev and faulthandler."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ITA_DESKTOP_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-X", "dev", "-X", "faulthandler",
                          str(ROOT / "benchmarks" / "preview_stress.py"), "--cycles", "120",
                          "--json"],
                         capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-4000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["cycles"] == 120
