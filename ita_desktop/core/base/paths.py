"""Where things live: the data shipped inside the package, the user's data folder.

Everything the program reads at run time (forms, fonts, demo, compiled catalogs, icons) is
package data under ``ita_desktop/data/``, found with ``importlib.resources``: the same lookup
works from a source checkout, an editable install, an installed wheel and a PyInstaller folder
(its frozen importer answers ``files()`` with the unpacked folder). ReportLab and Qt need real
file names, so a zipped install (no folder on disk) is refused by ``check_install``.

``ITA_DESKTOP_HOME`` overrides the user data folder (tests, portable installs on a USB stick).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

from .errors import ItaError

APP_NAME = "ITA Desktop"
# What a working installation must have (checked at start by both programs and by self-test).
REQUIRED_FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
REQUIRED_FORMS = ("ita-2567.yaml", "ita-2568.yaml")
LANGUAGES = ("th", "en")
REQUIRED_WORDS = ("thai_words.txt.gz", "th_terms.txt")  # the line breaker's dictionary


class InstallError(ItaError):
    """A file that ships with the program is missing: the installation is incomplete."""


def data_dir() -> Path:
    """``ita_desktop/data`` as a folder on disk."""
    return Path(str(resources.files("ita_desktop") / "data"))


def install_root() -> Path:
    """The folder holding the ``ita_desktop`` package (kept for callers that print it)."""
    return data_dir().parents[1]


def resources_dir() -> Path:
    """The bundled data folder: ``fonts/``, ``demo/``, ``forms/``, ``icons/``, ``locale/``."""
    return data_dir()


def bundled_forms_dir() -> Path:
    return data_dir() / "forms"


def locale_dir() -> Path:
    """Compiled catalogs: ``locale/<lang>/LC_MESSAGES/ita_desktop.mo``."""
    return data_dir() / "locale"


def icon_path(name: str = "ita-desktop.png") -> Path:
    return data_dir() / "icons" / name


def user_data_dir() -> Path:
    override = os.environ.get("ITA_DESKTOP_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def user_forms_dir() -> Path:
    return user_data_dir() / "forms"


def logs_dir() -> Path:
    return user_data_dir() / "logs"


def default_db_path() -> Path:
    return user_data_dir() / "ita-reports.sqlite"


def font_path(name: str) -> Path:
    path = data_dir() / "fonts" / name
    if not path.is_file():
        raise missing_error([f"fonts/{name}"])
    return path


def words_path(name: str) -> Path:
    """A Thai word list the line breaker reads (``data/words``), found like the fonts."""
    path = data_dir() / "words" / name
    if not path.is_file():
        raise missing_error([f"words/{name}"])
    return path


def missing_files() -> list[str]:
    """The shipped files that are not on disk, relative to the data folder ([] when complete)."""
    root = data_dir()
    wanted = [f"fonts/{name}" for name in REQUIRED_FONTS]
    wanted += [f"forms/{name}" for name in REQUIRED_FORMS]
    wanted += ["demo/pathumwan-2567-6m.json"]
    wanted += [f"words/{name}" for name in REQUIRED_WORDS]
    wanted += [f"locale/{lang}/LC_MESSAGES/ita_desktop.mo" for lang in LANGUAGES]
    return [name for name in wanted if not (root / name).is_file()]


def missing_error(missing: list[str]) -> InstallError:
    listed = ", ".join(missing)
    return InstallError(
        f"ติดตั้งโปรแกรมไม่ครบ: ไม่พบไฟล์ {listed} ในโฟลเดอร์ {data_dir()} — "
        "ติดตั้งโปรแกรมใหม่ (หรือแจ้งผู้ดูแลระบบ)",
        english=f"incomplete installation: missing {listed} in {data_dir()}; reinstall the program")


def check_install() -> None:
    """Raise InstallError naming every missing shipped file; a fallback would look like it
    worked (wrong font, English, no framework) while printing wrong reports."""
    missing = missing_files()
    if missing:
        raise missing_error(missing)
