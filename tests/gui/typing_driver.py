"""Run the real main window and type into an entry's issue field, one character every 40 ms,
printing ``<unix time> <characters typed so far>`` after each. test_kill.py SIGKILLs it.

usage: python -m tests.gui.typing_driver DB REPORT_ID TEXT
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer

from ita_desktop.gui.app import build_window, create_app
from tests.gui.helpers import type_text


def main() -> None:
    db, report_id, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = create_app()
    window = build_window(db)
    window.show()
    window.open_report(report_id)
    card = next(iter(window.editor.forms[window.editor.current_indicator].cards.values()))
    card.issue.setFocus()
    typed = [0]
    print("ready", flush=True)

    def step() -> None:
        if typed[0] >= len(text):
            return
        type_text(card.issue, text[typed[0]])
        typed[0] += 1
        print(f"{time.time():.3f} {typed[0]}", flush=True)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(40)
    app.exec()


if __name__ == "__main__":
    main()
