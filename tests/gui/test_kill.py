"""Kill the app while the clerk types: every edit older than one second is in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ita_desktop.core.report.model import Entry, Report, Round
from ita_desktop.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
TEXT = "การประชาสัมพันธ์ช่องทางการร้องเรียนยังไม่ทั่วถึง ผู้รับบริการส่วนใหญ่ไม่ทราบ" * 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_during_typing_loses_at_most_the_last_second(tmp_path):
    db = tmp_path / "kill.sqlite"
    with Store.open(db) as store:
        report_id = store.create_report(Report("สำนักงานเขตทดสอบ", "กรุงเทพมหานคร", 2567,
                                               Round.standard("6m", 2567), "ita-2567",
                                               entries=[Entry(item="e1")]))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.gui.typing_driver", str(db),
                             str(report_id), TEXT], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    log: list[tuple[float, int]] = []
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        for line in proc.stdout:
            stamp, count = line.split()
            log.append((float(stamp), int(count)))
            if int(count) >= 70:  # about three seconds of typing
                break
        killed_at = time.time()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(10)
    with Store.open(db) as store:
        saved = store.get_report(report_id).entries[0].issue
    must_have = max((count for stamp, count in log if stamp <= killed_at - 1.0), default=0)
    assert must_have >= 30, log[:3]
    assert TEXT.startswith(saved)
    assert len(saved) >= must_have, (len(saved), must_have)
