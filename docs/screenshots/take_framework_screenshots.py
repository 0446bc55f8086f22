"""Screenshots of File → Import framework… and Report → Move to another framework version…
(run under Xvfb, like take_screenshots.py):

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/take_framework_screenshots.py

The upper office's corrected 2567 list arrives as ``ita-2567.2.itaform`` (e1 removed, so
e2–e15 become e1–e14; i8 reworded). Writes framework-import.png, framework-import-refused.png
and reframe-preview.png next to this file.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from take_screenshots import place, shoot  # noqa: E402


def corrected_2567() -> str:
    """ita-2567 as the upper office corrected it (see the module docstring)."""
    from ita_desktop.core.framework import catalog

    text = catalog.available()["ita-2567"].path.read_text(encoding="utf-8")
    text = text.replace("id: ita-2567\n", "id: ita-2567.2\n")
    lines, out, skipping = text.splitlines(keepends=True), [], False
    for line in lines:
        if re.match(r"\s*- code: e1\s*$", line):
            skipping = True
            continue
        if skipping and re.match(r"\s*- code: ", line) or skipping and re.match(r"\s*- number:",
                                                                                  line):
            skipping = False
        if not skipping:
            out.append(line)
    text = "".join(out)
    text = re.sub(r"(- code: e)(\d+)\s*$", lambda m: f"{m[1]}{int(m[2]) - 1}", text,
                  flags=re.MULTILINE)
    return re.sub(r"(- code: i8\n\s*text: )", r"\1(ปรับปรุงถ้อยคำ) ", text)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="ita-shots-"))
    os.environ["ITA_DESKTOP_HOME"] = str(home)
    from ita_desktop.core.framework.definition import parse_framework
    from ita_desktop.core.framework.transfer import FrameworkFile, document_bytes, text_hash
    from ita_desktop.gui.app import build_window, create_app
    from ita_desktop.gui.frameworks.import_dialog import FrameworkImportDialog
    from ita_desktop.gui.frameworks.reframe_dialog import ReframeDialog

    app = create_app()
    window = build_window(str(home / "reports.sqlite"))
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    demo_id = window.session.create_demo()
    window.open_report(demo_id)

    text = corrected_2567()
    sent = home / "ita-2567.2.itaform"
    sent.write_bytes(document_bytes(FrameworkFile(parse_framework(text), text, text_hash(text))))
    dialog = FrameworkImportDialog(window.session, sent, window)
    place(dialog, 760, 340)
    dialog.install()
    shoot("framework-import.png")
    dialog.close()

    document = json.loads(sent.read_text(encoding="utf-8"))
    document["framework_yaml"] = document["framework_yaml"].replace("ปรับปรุงถ้อยคำ", "แก้ระหว่างทาง")
    bad = home / "ita-2567.2-changed.itaform"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    refused = FrameworkImportDialog(window.session, bad, window)
    place(refused, 760, 300)
    shoot("framework-import-refused.png")
    refused.close()

    preview = ReframeDialog(window.session, demo_id, window)
    for key in preview.choices:
        preview.choose(key, "keep")
    preview.rows.setCurrentItem(preview.rows.topLevelItem(0))  # I8: its whole wording below
    place(preview, 1200, 700)
    shoot("reframe-preview.png")
    preview.close()
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
