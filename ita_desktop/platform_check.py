"""Before Qt starts on Linux: are the X11 libraries Qt's xcb platform needs there?

Qt 6.5 and later abort without ``libxcb-cursor0`` with only Qt's own English message. This
module tries to load each library the way Qt will (``dlopen`` by soname, so a bundled copy
next to a frozen program counts) and names the Debian/Ubuntu package for each missing one.
No Qt import here: it must run before Qt can abort.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

# soname -> Debian/Ubuntu package (Fedora names are in README)
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
# every Qt platform needs these (offscreen too)
COMMON_LIBRARIES = {
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(env: dict[str, str] | None = None) -> bool:
    """Will Qt pick its X11 (xcb) platform? Not when told otherwise or on a Wayland session."""
    env = dict(os.environ) if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def missing_packages(loads: Callable[[str], bool] | None = None,
                     env: dict[str, str] | None = None,
                     platform: str = sys.platform) -> list[str]:
    """Packages to install for Qt to start here ([] when nothing is missing or not Linux)."""
    if not platform.startswith("linux"):
        return []
    loads = loads or _loads
    wanted = dict(COMMON_LIBRARIES)
    if uses_xcb(env):
        wanted.update(XCB_LIBRARIES)
    return [package for soname, package in wanted.items() if not loads(soname)]


def hint(packages: list[str]) -> str:
    names = " ".join(packages)
    return (f"ITA Desktop เปิดหน้าต่างไม่ได้: เครื่องนี้ยังไม่มีไลบรารีที่ Qt ต้องใช้ ({names})\n"
            f"ให้ผู้ดูแลระบบติดตั้งด้วยคำสั่ง:  sudo apt install {names}\n"
            f"ITA Desktop cannot open its window: libraries Qt needs are missing ({names}).\n"
            f"Install them with:  sudo apt install {names}")
