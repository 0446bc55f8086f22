"""Where things live: bundled resources and forms, the user's data folder.

``ITA_DESKTOP_HOME`` overrides the user data folder (tests, portable installs on a USB stick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ITA Desktop"


def install_root() -> Path:
    """The folder holding ``resources/`` and ``forms/``: the repository (or source tree) when
    run from source, PyInstaller's unpack folder when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return install_root() / "resources"


def bundled_forms_dir() -> Path:
    return install_root() / "forms"


def user_data_dir() -> Path:
    override = os.environ.get("ITA_DESKTOP_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def user_forms_dir() -> Path:
    return user_data_dir() / "forms"


def default_db_path() -> Path:
    return user_data_dir() / "ita-reports.sqlite"


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / name


def words_path(name: str) -> Path:
    """A Thai word list the line breaker reads (``resources/words``)."""
    return resources_dir() / "words" / name
