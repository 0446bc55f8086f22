"""Runs the installed Windows program in a Wine prefix of its own, inside the Debian 13 chroot
that packaging/windows/build_under_wine.sh makes (Wine 10 lives there, not on this host).
Used by tests/test_windows.py; the shell side is packaging/windows/winbuild_chroot.sh."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINBUILD = ROOT / "build" / "winbuild"
CHROOT = WINBUILD / "chroot"
HELPERS = ROOT / "packaging" / "windows" / "winbuild_chroot.sh"
USER = "สมชาย ใจดี"  # a Thai user name with a space: C:\users\สมชาย ใจดี
WINE_QUEUE = "ita-wine"  # the host's CUPS queue the Windows program prints to


def version() -> str:
    text = (ROOT / "ita_desktop" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "')[1].split('"')[0]


SETUP = ROOT / "dist" / "windows" / f"ITA-Desktop-Setup-{version()}.exe"


def why_not() -> str | None:
    """Why the Windows tests cannot run here (None: they can)."""
    if not SETUP.is_file():
        return f"no {SETUP.relative_to(ROOT)}: run sudo bash packaging/windows/build_under_wine.sh"
    if not (CHROOT / ".ita-chroot-ready").is_file():
        return "no Wine chroot under build/winbuild: run packaging/windows/build_under_wine.sh"
    if os.geteuid() != 0:
        return "needs root (chroot and bind mounts of the Wine chroot)"
    return None


def shell(script: str) -> None:
    """Runs a helper of winbuild_chroot.sh (mount_chroot, install_icu_stub ...)."""
    subprocess.run(["bash", "-c", f'set -e; ROOT="{ROOT}"; CHROOT="{CHROOT}"; '
                    f'source "{HELPERS}"; {script}'], check=True)


@dataclass
class Prefix:
    """A fresh Wine prefix under build/winbuild whose Windows user is ``USER``."""
    name: str
    display: str | None = None
    env: tuple[str, ...] = ()  # more variables for the Wine side (e.g. PRINTER=ita-wine)

    @property
    def path(self) -> Path:
        return WINBUILD / self.name

    @property
    def user_dir(self) -> Path:
        return self.path / "drive_c" / "users" / USER

    @property
    def local_appdata(self) -> Path:
        return self.user_dir / "AppData" / "Local"

    @property
    def app_dir(self) -> Path:
        return self.local_appdata / "Programs" / "ITA Desktop"

    @property
    def data_dir(self) -> Path:
        return self.local_appdata / "ITA Desktop"

    def win(self, host: Path) -> str:
        """The Windows name (C:\\...) of a file inside the prefix's drive C."""
        rel = host.relative_to(self.path / "drive_c")
        return "C:\\" + str(rel).replace("/", "\\")

    def argv(self, *command: str) -> list[str]:
        env = ["HOME=/root", f"USER={USER}", "LANG=C.UTF-8", "WINEDEBUG=-all",
               "PATH=/usr/local/bin:/usr/bin:/bin", "WINEDLLOVERRIDES=mscoree,mshtml=",
               f"WINEPREFIX=/src/{self.path.relative_to(ROOT)}", "WINEARCH=win64"]
        if self.display:
            env.append(f"DISPLAY={self.display}")
        env.extend(self.env)
        # python.exe under Wine cannot write its stdout to a file ([WinError 6]): a pipe works
        return ["chroot", str(CHROOT), "/usr/bin/env", "-i", *env, "bash", "-c",
                'set -o pipefail; "$@" 2>&1 | cat', "run", *command]

    def run(self, *command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.argv(*command), capture_output=True, text=True,
                              timeout=timeout)

    def start(self, *command: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.argv(*command), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def wine(self, program: str, *args: str, timeout: float = 600
             ) -> subprocess.CompletedProcess[str]:
        return self.run("wine", program, *args, timeout=timeout)

    def ita(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return self.wine(self.win(self.app_dir / "ita.exe"), *args, timeout=timeout)

    def create(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        done = self.run("wineboot", "--init", timeout=300)
        assert self.user_dir.is_dir(), done.stdout
        qtcore = ROOT / "dist" / "ITA Desktop" / "_internal" / "PySide6" / "Qt6Core.dll"
        shell(f'install_icu_stub "$CHROOT" "$ROOT" "{self.path}" "{qtcore}"')

    def install(self) -> float:
        """Silent per-user install of the setup file; returns the seconds it took."""
        started = time.monotonic()
        done = self.wine(f"Z:\\src\\{SETUP.relative_to(ROOT)}".replace("/", "\\"),
                         "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/TASKS=associate",
                         r"/LOG=C:\install.log")
        assert done.returncode == 0, done.stdout
        return time.monotonic() - started

    def kill_all(self) -> None:
        """Ends the Windows programs of this prefix only (its own wineserver)."""
        self.run("wineserver", "-k", timeout=60)

    def window_titles(self) -> str:
        done = subprocess.run(
            ["chroot", str(CHROOT), "/usr/bin/env", "-i", f"DISPLAY={self.display}",
             "xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=30)
        return done.stdout

    def wait_for_window(self, title: str, seconds: float = 120) -> float | None:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if title in self.window_titles():
                return time.monotonic() - started
            time.sleep(1)
        return None


class Xvfb:
    """A virtual screen inside the chroot (the Wine programs draw there)."""

    def __init__(self, display: str = ":78") -> None:
        self.display = display
        self.process = subprocess.Popen(
            ["chroot", str(CHROOT), "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "Xvfb",
             display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2)

    def screenshot(self, target: Path) -> None:
        done = subprocess.run(
            ["chroot", str(CHROOT), "sh", "-c",
             f"xwd -root -display {self.display} | xwdtopnm 2>/dev/null | pnmtopng"],
            capture_output=True, timeout=60)
        target.write_bytes(done.stdout)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# ------------------------------------------------------------------------- printing and X
def wine_queue() -> tuple[Path | None, str]:
    """The host's CUPS queue ``ita-wine`` (packaging/windows/wine_cups_queue.sh): (its
    cups-pdf folder, "") when it is ready, else (None, why not). Never starts or stops cupsd."""
    if shutil.which("lpstat") is None or shutil.which("lpadmin") is None:
        return None, "no CUPS on this host (apt-get install cups printer-driver-cups-pdf)"
    done = subprocess.run(["bash", str(ROOT / "packaging" / "windows" / "wine_cups_queue.sh")],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return None, done.stderr.strip() or "wine_cups_queue.sh failed"
    return Path(done.stdout.strip().splitlines()[-1]), ""


def mingw(source: Path, target: Path, *libs: str) -> Path:
    """A small Windows test program built with the chroot's mingw-w64 (once per source)."""
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        subprocess.run(["chroot", str(CHROOT), "x86_64-w64-mingw32-gcc", "-O2", "-s", "-o",
                        f"/src/{target.relative_to(ROOT)}", f"/src/{source.relative_to(ROOT)}",
                        *libs], check=True, capture_output=True, timeout=300)
    return target


class Screen:
    """Keys, clicks and windows on a prefix's Xvfb screen (xdotool inside the chroot). With no
    window manager, a Wine window takes the keyboard once it is clicked."""

    def __init__(self, display: str) -> None:
        self.display = display

    def x(self, *args: str, timeout: float = 30) -> str:
        done = subprocess.run(["chroot", str(CHROOT), "/usr/bin/env", "-i",
                               f"DISPLAY={self.display}", "PATH=/usr/bin:/bin", *args],
                              capture_output=True, timeout=timeout)
        return done.stdout.decode("utf-8", "replace")

    def windows(self) -> dict[str, str]:
        """Mapped windows: id -> title."""
        ids = self.x("xdotool", "search", "--onlyvisible", "--name", ".").split()
        return {wid: self.x("xdotool", "getwindowname", wid).strip() for wid in ids}

    def wait(self, wanted: Callable[[str], bool], seconds: float = 120,
             poke: Callable[[], None] | None = None) -> str | None:
        """The id of the first window whose title is ``wanted`` (None after ``seconds``);
        ``poke`` runs between looks (e.g. a key that may come too early)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for wid, title in self.windows().items():
                if wanted(title):
                    return wid
            if poke is not None:
                poke()
            time.sleep(1.5)
        return None

    def click(self, wid: str, x: int, y: int) -> None:
        """A click at (x, y) inside window ``wid`` (which then has the keyboard)."""
        self.x("xdotool", "mousemove", "--window", wid, str(x), str(y), "click", "1")
        time.sleep(0.5)

    def key(self, *keys: str) -> None:
        self.x("xdotool", "key", *keys)
        time.sleep(0.5)

    def size(self, wid: str) -> tuple[int, int]:
        out = self.x("xdotool", "getwindowgeometry", "--shell", wid)
        values = dict(line.split("=", 1) for line in out.split() if "=" in line)
        return int(values["WIDTH"]), int(values["HEIGHT"])

    def png(self, wid: str) -> bytes:
        """One window as PNG (xwd of the window itself: a Wine dialog's pixels are not in the
        root window's image here)."""
        done = subprocess.run(["chroot", str(CHROOT), "sh", "-c",
                               f"xwd -silent -display {self.display} -id {wid} | xwdtopnm "
                               "2>/dev/null | pnmtopng"], capture_output=True, timeout=60)
        return done.stdout
