"""Take the README screenshots of the real app at 1366×768 (run under Xvfb):

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/take_screenshots.py

Writes start-screen.png, indicator-form.png, finalise-check.png, history-scores.png and
print-preview.png next to this file, each grabbed from the screen (QScreen.grabWindow) so what
is seen is what Xvfb drew.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from ita_desktop.gui.qt import QApplication, QGuiApplication, QWidget  # noqa: E402


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(name: str) -> None:
    settle()
    screen = QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(0)
    path = HERE / name
    pixmap.save(str(path), "PNG")
    print(path, pixmap.width(), "x", pixmap.height(), path.stat().st_size // 1024, "KB")


def place(widget: QWidget, width: int, height: int) -> None:
    screen = QGuiApplication.primaryScreen().geometry()
    widget.resize(width, height)
    widget.move((screen.width() - width) // 2, (screen.height() - height) // 2)
    widget.show()
    widget.raise_()
    widget.activateWindow()


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="ita-shots-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    from ita_desktop.gui.app import build_window, create_app

    app = create_app()
    window = build_window(str(home / "reports.sqlite"))
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    # a start screen with a few reports: the demo, its 12-month carry-forward, a new draft
    demo_id = window.session.create_demo()
    window.session.carry_forward(demo_id, "12m")
    window.start.refresh(select=demo_id)
    shoot("start-screen.png")

    window.open_report(demo_id)
    window.editor.show_indicator(8)
    form = window.editor.forms[8]
    form.verticalScrollBar().setValue(0)
    card = next(iter(form.cards.values()))
    settle()
    card.photos.list.setCurrentRow(0)
    form.ensureWidgetVisible(card.photos, 0, 10)
    shoot("indicator-form.png")

    from ita_desktop.gui.editor.finalise import FinaliseDialog

    dialog = FinaliseDialog(window.session.check(demo_id), window)
    place(dialog, 1000, 620)
    shoot("finalise-check.png")
    dialog.close()

    # the result sheet in the history: typed, pasted, then corrected by an imported sheet
    from ita_desktop.gui.editor.history import HistoryDialog

    session = window.session
    session.set_scores(demo_id, {("item", "i8"): "70"}, "typed")
    session.set_scores(demo_id, {("item", "i9"): "82.5", ("instrument", "IIT"): "80"}, "pasted")
    session.set_scores(demo_id, {("item", "i8"): "73.34", ("item", "i9"): None},
                       "imported:ผลคะแนน ITA 2567.xlsx")
    history = HistoryDialog(session, demo_id, parent=window)
    place(history, 1300, 560)
    shoot("history-scores.png")
    history.close()

    from ita_desktop.gui.printing.preview import PreviewDialog

    preview = PreviewDialog(window.session.renderer(demo_id), "ita.pdf", window)
    place(preview, 1366, 768)
    settle(12)
    shoot("print-preview.png")
    preview.close()
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
