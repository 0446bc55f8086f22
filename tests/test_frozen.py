"""The PyInstaller folder, built from a fresh clone, works outside the source tree without
network, and bundles no GPL-only binary. Slow (a build takes minutes): run with -m slow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m slow tests/test_frozen.py -s
"""

from __future__ import annotations

import faulthandler
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_report  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed (pip install -e '.[freeze]')"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git for the fresh clone"),
]


def offline() -> list[str]:
    """``unshare -n``: a process with no network at all (root or user namespaces)."""
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        ok = False
    return ["unshare", "-n"] if ok else []


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    # the build takes longer than pytest's hang guard (faulthandler_timeout): not a hang
    faulthandler.cancel_dump_traceback_later()
    work = tmp_path_factory.mktemp("frozen")
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(clone / "installer.spec")], check=True, cwd=clone, timeout=3000)
    folder = work / "dist" / "ITA Desktop"
    assert folder.is_dir()
    shutil.rmtree(clone)  # nothing of the source tree is left to lean on
    return folder


def run(folder: Path, program: str, *args: str, cwd: Path, home: Path
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(ITA_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*offline(), str(folder / program), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_frozen_self_test_demo_and_render_offline(frozen, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    home = tmp_path / "home"
    done = run(frozen, "ita-desktop", "--self-test", cwd=outside, home=home)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok    Qt: platform offscreen, print support ok" in done.stdout
    done = run(frozen, "ita", "self-test", cwd=outside, home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(frozen, "ita", "demo", "--db", "d.sqlite", cwd=outside, home=home)
    assert done.returncode == 0, done.stderr
    report_id = done.stdout.strip()
    done = run(frozen, "ita", "render", report_id, "--db", "d.sqlite", "-o", "d.pdf",
               cwd=outside, home=home)
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in PdfReader(outside / "d.pdf").pages
             for f in page["/Resources"]["/Font"].values()}
    assert {"Sarabun-Regular", "Sarabun-Bold"} <= fonts
    done = run(frozen, "ita", "forms", "list", cwd=outside, home=home)
    assert "ita-2567" in done.stdout and "ita-2568" in done.stdout


def test_frozen_folder_is_slim_and_has_no_gpl_only_binary(frozen, capsys):
    assert bundle_report.main([str(frozen)]) == 0  # prints the size and top 15
    out = capsys.readouterr().out
    print(out)
    names = {p.name for p in frozen.rglob("*")}
    assert "THIRD-PARTY-NOTICES.txt" in names
    assert not [n for n in names if n.endswith((".po", ".pot"))]
    assert not any("QtNetwork" in n or "Qt6Network" in n for n in names)
    locales = {p.stem for p in frozen.rglob("locale-data/*.dat")}
    assert locales == {"root", "en", "en_US", "th", "th_TH"}
    assert not list(frozen.rglob("translations/qtbase_*.qm"))
    assert (frozen / "ita").is_file() and (frozen / "ita-desktop").is_file() or \
        (frozen / "ita.exe").is_file()
