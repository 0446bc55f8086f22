"""Cold start of the frozen program against the venv program, same run, under Xvfb.

    .venv/bin/python benchmarks/frozen_startup.py ["dist/ITA Desktop"] [--runs 5]

Starts a private Xvfb, then for each program (frozen ``ita-desktop`` from installer.spec's
folder; the venv's ``python -m ita_desktop.gui.app``) times from spawn until its main window is
mapped on the X server (polled with ``xwininfo``), then ends it. The first run of each is the
coldest (after a build the files may still be in the page cache: this is not a cold boot);
the median of the rest is the usual start. Each run gets a fresh user data folder (first start:
the database is created). Also prints the frozen folder's size. Prints figures; no asserts.
Needs: Xvfb, xwininfo (apt: xvfb x11-utils).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def window_shown(display: str) -> bool:
    done = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                          env={**os.environ, "DISPLAY": display})
    for line in done.stdout.splitlines():
        if '"ITA Desktop' in line:
            wid = line.split()[0]
            info = subprocess.run(["xwininfo", "-id", wid], capture_output=True, text=True,
                                  env={**os.environ, "DISPLAY": display}).stdout
            if "IsViewable" in info:
                return True
    return False


def start_once(command: list[str], display: str, timeout: float = 60) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(DISPLAY=display, ITA_DESKTOP_HOME=home, QT_QPA_PLATFORM="xcb")
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=home, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            while not window_shown(display):
                if proc.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited {proc.returncode}: "
                                       f"{proc.stderr.read().decode()[-2000:]}")
                if time.perf_counter() - start > timeout:
                    raise RuntimeError(f"{command[0]}: no window after {timeout} s")
                time.sleep(0.02)
            return time.perf_counter() - start
        finally:
            proc.kill()
            proc.wait()


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "dist" / "ITA Desktop"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.folder)
    frozen = folder / ("ita-desktop.exe" if sys.platform == "win32" else "ita-desktop")
    if not frozen.is_file():
        sys.exit(f"no {frozen}: build it with  pyinstaller --noconfirm installer.spec")
    if not (shutil.which("Xvfb") and shutil.which("xwininfo")):
        sys.exit("needs Xvfb and xwininfo (apt install xvfb x11-utils)")
    # -displayfd: Xvfb picks a free display and prints its number once it accepts clients
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24",
                             "-nolisten", "tcp"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        display = f":{xvfb.stdout.readline().strip()}"
        programs = {"frozen": [str(frozen)],
                    "venv": [sys.executable, "-m", "ita_desktop.gui.app"]}
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.runs):  # alternate, so both see the same machine load
            for name, command in programs.items():
                times[name].append(start_once(command, display))
        print(f"frozen folder: {folder_size(folder) / 1e6:.1f} MB ({folder})")
        print(f"start to mapped main window under Xvfb, {args.runs} runs each:")
        for name, values in times.items():
            rest = values[1:] or values
            print(f"  {name:6s}  first {values[0]:.2f} s   median of the rest "
                  f"{statistics.median(rest):.2f} s   all {', '.join(f'{v:.2f}' for v in values)}")
    finally:
        xvfb.kill()
        xvfb.wait()


if __name__ == "__main__":
    main()
