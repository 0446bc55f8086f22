"""Screenshots of the result sheet window and the charts (run under Xvfb, like
take_screenshots.py):

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/take_chart_screenshots.py

Writes scores-grid.png (a paste waiting to be applied), editor-chart.png (the item scores
against the pass mark) and consolidation-charts.png / -2.png (offices × indicators, overall
scores, measures) next to this file. Scores are generated (seeded), not real results.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from take_screenshots import place, settle, shoot  # noqa: I001 - the sibling script

OFFICES = ["สำนักงานเขตปทุมวัน", "สำนักงานเขตบางรัก", "สำนักงานเขตสัมพันธวงศ์",
           "สำนักงานเขตป้อมปราบศัตรูพ่าย", "สำนักงานเขตดุสิต", "สำนักงานเขตพระนคร"]


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="ita-shots-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    from ita_desktop.core.framework.catalog import load_framework
    from ita_desktop.gui.app import build_window, create_app

    create_app()
    window = build_window(str(home / "reports.sqlite"))
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    session = window.session
    fw = load_framework("ita-2567")
    ids = []
    for n, name in enumerate(OFFICES):
        rid = session.create_demo()
        session.store.update_report(rid, agency=name)
        rnd = random.Random(n)
        scores = {("item", it.code): f"{rnd.uniform(45 + n * 4, 100):.2f}"
                  for it in fw.items() if rnd.random() > 0.05}
        if n % 2 == 0:
            scores[("overall", "")] = f"{rnd.uniform(70, 97):.2f}"
        session.store.set_scores(rid, scores)
        if n == 0:
            session.store.add_below_pass_entries(rid)
        ids.append(rid)

    window.open_report(ids[0])
    from ita_desktop.gui.editor.scores import ScoresDialog

    dialog = ScoresDialog(session, ids[0], window)
    place(dialog, 1100, 700)
    dialog.paste_text("ข้อ\tคะแนน\r\nI8\t๗๓.๓๔\r\ni09\t91.5\r\nO๑\t84.21\r\nEIT\t81\r\n")
    dialog.grid.setCurrentCell(dialog.row_of(("item", "i8")), 2)
    shoot("scores-grid.png")
    dialog.discard()
    dialog.tabs.setCurrentIndex(1)
    settle()
    shoot("editor-chart.png")
    dialog.close()

    from ita_desktop.gui.packages.consolidation import ConsolidationWindow

    cons = ConsolidationWindow(session, window)
    place(cons, 1366, 768)
    settle(1.5)
    cons.tabs.setCurrentIndex(1)
    settle(2.5)
    shoot("consolidation-charts.png")
    cons.charts.verticalScrollBar().setValue(330)  # the overall scores and the measures
    settle()
    shoot("consolidation-charts-2.png")
    cons.close()
    window.close()


if __name__ == "__main__":
    main()
