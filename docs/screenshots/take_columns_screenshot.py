"""The entry card with optional report columns (run under Xvfb, like take_screenshots.py):

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/take_columns_screenshot.py

Writes entry-card-optional-columns.png next to this file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from take_screenshots import settle, shoot  # noqa: E402


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="ita-shots-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    from ita_desktop.gui.app import build_window, create_app

    app = create_app()
    window = build_window(str(home / "reports.sqlite"))
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    session = window.session
    demo_id = session.create_demo()
    session.update_report(demo_id, optional_columns=("responsible", "period", "budget",
                                                     "status", "obstacles"))
    entry = session.report(demo_id).entries[0]
    session.update_entry(entry.id, extra={
        "responsible": "ฝ่ายปกครอง สำนักงานเขตปทุมวัน", "period": "ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗",
        "budget": "ไม่ใช้งบประมาณ", "status": "อยู่ระหว่างดำเนินการ",
        "obstacles": "เจ้าหน้าที่เข้าร่วมอบรมไม่ครบเนื่องจากติดภารกิจลงพื้นที่"})
    window.open_report(demo_id)
    window.editor.show_entry(entry.id)
    settle(1.0)
    form = window.editor.current_form()
    card = form.card(entry.id)
    form.ensureWidgetVisible(card.extra, 0, 10)
    settle()
    shoot("entry-card-optional-columns.png")
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
