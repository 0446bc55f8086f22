"""The entry point: ``ita-desktop --db PATH`` opens that database; quitting saves and closes.
(Run in a subprocess: quitting the application would end the test process's event loops.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ita_desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
DRIVER = """
import sys
from ita_desktop.gui.app import create_app, main
from ita_desktop.gui.qt import QApplication, QTimer

app = create_app()

def look():
    window = next(w for w in QApplication.topLevelWidgets()
                  if type(w).__name__ == "MainWindow" and w.isVisible())
    print(window.session.path, flush=True)
    window.session.create_demo()
    QApplication.quit()

QTimer.singleShot(200, look)
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_main_opens_the_given_database_and_quits_cleanly(tmp_path):
    db = tmp_path / "given.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", DRIVER, str(db)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(db)
    with Store.open(db) as store:
        assert len(store.list_reports()) == 1
