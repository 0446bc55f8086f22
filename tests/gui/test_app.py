"""The entry point: ``ita-desktop --db PATH`` opens that database; quitting saves and closes."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ita_desktop.core.store import Store
from ita_desktop.gui import app as gui_app


def test_main_opens_the_given_database_and_quits_cleanly(qapp, tmp_path):
    db = tmp_path / "given.sqlite"
    seen = {}

    def look() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if type(w).__name__ == "MainWindow" and w.isVisible())
        seen["path"] = window.session.path
        window.session.create_demo()
        QApplication.quit()

    QTimer.singleShot(100, look)
    assert gui_app.main(["--db", str(db)]) == 0
    assert seen["path"] == str(db)
    with Store.open(db) as store:
        assert len(store.list_reports()) == 1
