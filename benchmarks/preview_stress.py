"""Preview stress: open and close the print preview while its pages are being rasterised.

    .venv/bin/python -X dev -X faulthandler benchmarks/preview_stress.py [--cycles N] [--json]

Each cycle does what a hurried clerk does, in the two ways the app opens a preview:
* a ``WA_DeleteOnClose`` preview opened with ``open()`` (the consolidation window's way), closed
  as soon as the worker is rasterising a page (or at a random moment before that);
* every fifth cycle, the main window opens the demo report, starts its preview, closes it mid
  render and switches to the other report (the editor's way, ``exec()`` + delete on close).

This is the reproducer of the issue-11 crash (a QObject per job freed on the PDF thread while
the GUI thread destroyed its receiver): the old code crashed in 20–600 cycles. It prints the
cycles completed and the process's memory before and after; a crash ends the process with
faulthandler's stacks (exit code != 0). tests/gui/test_stress.py runs a short version in CI.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from ita_desktop.gui import fonts, i18n
    from ita_desktop.gui import render_worker as worker
    from ita_desktop.gui.app import build_window, create_app
    try:
        from ita_desktop.gui.jobs import wait_idle
    except ImportError:  # the code before the fix, for comparison
        from ita_desktop.gui.jobs import wait_idle  # type: ignore[attr-defined,no-redef]
    from ita_desktop.gui.preview import PreviewDialog
    from ita_desktop.gui.qt import (
        QApplication,
        QCoreApplication,
        QDialog,
        QEvent,
        Qt,
        QTimer,
        qInstallMessageHandler,
    )

    rng = random.Random(args.seed)

    def quiet(_kind, _context, message: str) -> None:  # noqa: ANN001 - the offscreen plugin's notes
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or create_app([])
    fonts.apply_font(app, 11)
    i18n.set_language("th")
    home = Path(tempfile.mkdtemp(prefix="ita-stress-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    window = build_window(str(home / "stress.sqlite"))
    window.resize(1366, 768)
    window.show()
    window.start.open_demo()
    first = window.editor.report_id  # type: ignore[union-attr]
    second = window.session.create_demo()
    reports = [first, second]
    data = window.session.renderer(first)()

    # a page render signals when it starts, so the close can hit it mid-flight
    rendering = threading.Event()
    real_render = worker.PdfPages.render

    def marked_render(self, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        rendering.set()
        time.sleep(rng.random() * 0.01)
        return real_render(self, *a, **kw)

    worker.PdfPages.render = marked_render  # type: ignore[method-assign]

    def pump_until(predicate, timeout: float = 10.0) -> bool:  # noqa: ANN001
        end = time.monotonic() + timeout
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        return predicate()

    for _ in range(10):  # warm-up: caches, fonts
        app.processEvents()
    gc.collect()
    start_rss = rss_mb()
    started = time.monotonic()
    done = 0
    for cycle in range(args.cycles):
        rendering.clear()
        if cycle % 5 == 4:
            # the main window's way: exec() a preview, closed mid-render, then switch reports
            def close_soon() -> None:
                dialogs = [w for w in app.topLevelWidgets()
                           if isinstance(w, PreviewDialog) and w.isVisible()]
                if not dialogs:
                    QTimer.singleShot(1, close_soon)
                elif rendering.is_set() or rng.random() < 0.05:
                    dialogs[0].reject()
                else:
                    QTimer.singleShot(1, close_soon)

            QTimer.singleShot(0, close_soon)
            window.preview()
            window.open_report(reports[cycle % 2])
        else:
            dialog = PreviewDialog(lambda: data, "stress.pdf")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.resize(1000 + rng.randrange(300), 600 + rng.randrange(200))
            dialog.open()
            pump_until(lambda: rendering.is_set() or rng.random() < 0.002, timeout=5.0)
            dialog.done(QDialog.DialogCode.Rejected)
            del dialog
            # delete it (as the event loop would) while the PDF thread may still be finishing
            time.sleep(rng.random() * 0.03)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for _ in range(rng.randrange(1, 4)):
            app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        done += 1
    wait_idle(30_000)
    for _ in range(20):
        app.processEvents()
    gc.collect()
    end_rss = rss_mb()
    elapsed = time.monotonic() - started
    window.close()
    worker.PdfPages.render = real_render  # type: ignore[method-assign]
    window.session.close()
    shutil.rmtree(home, ignore_errors=True)
    figures = {"cycles": done, "tried": args.cycles, "seconds": round(elapsed, 1),
               "rss_start_mb": round(start_rss, 1), "rss_end_mb": round(end_rss, 1),
               "growth_mb": round(end_rss - start_rss, 1)}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"preview stress: {done}/{args.cycles} cycles without a crash in {elapsed:.1f} s; "
              f"memory {start_rss:.0f} → {end_rss:.0f} MB ({end_rss - start_rss:+.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
