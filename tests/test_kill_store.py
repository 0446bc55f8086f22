"""Kill -9 during a stream of edits, photo additions and backups: the short CI version of
``benchmarks/kill_store.py`` (run that with ``--kills 200`` for the full figure)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kills_lose_no_acknowledged_edit_and_damage_nothing(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "kill_store.py"),
                           "--kills", "8", "--seed", "7", "--db", str(tmp_path / "k.sqlite")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kills survived / tried: 8 / 8" in done.stdout
    assert "edits lost: 0" in done.stdout
    assert "0 failing their check" in done.stdout
    acknowledged = int(done.stdout.split("changes acknowledged: ")[1].split()[0])
    assert acknowledged > 8  # the children really worked between the kills
