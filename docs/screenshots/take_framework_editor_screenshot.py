"""Take framework-editor.png: the framework editor over the main window, a 2570 framework
made from ita-2568 with one wording edited, a new item added and given a code that is already
used (the problem list names it). Run under Xvfb:

    xvfb-run -a -s '-screen 0 1400x900x24' .venv/bin/python docs/screenshots/take_framework_editor_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from take_screenshots import place, shoot  # noqa: E402


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="ita-shots-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    from ita_desktop.core.framework.draft import new_draft
    from ita_desktop.gui.app import build_window, create_app
    from ita_desktop.gui.frameworks.editor_dialog import FrameworkEditorDialog

    app = create_app()
    window = build_window(str(home / "reports.sqlite"))
    window.setGeometry(0, 0, 1400, 900)
    window.show()
    dialog = FrameworkEditorDialog(new_draft("ita-2568", 2570), used={},
                                   save=window.save_framework, parent=window)
    place(dialog, 1390, 890)
    o1 = next(p for p, item in dialog.tree_items.items() if item.text(0).startswith("o1 "))
    dialog.select(o1)
    dialog.panels["item"].widgets["text"].setPlainText("โครงสร้างและอำนาจหน้าที่ของหน่วยงาน")
    dialog.panels["item"].widgets["confirmed"].click()
    dialog.add_item()
    dialog.panels["item"].widgets["text"].setPlainText("การเปิดเผยข้อมูลการจัดซื้อจัดจ้างรายเดือน")
    code = dialog.panels["item"].widgets["code"]
    code.setText("o๑")
    code.textEdited.emit("o๑")  # as typed: the same code as o1 once digits are normalised
    dialog.panels["item"].widgets["text"].setFocus()
    shoot("framework-editor.png")
    dialog.close()
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
