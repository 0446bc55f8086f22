"""User preferences (language, font size, last database, window geometry), kept with QSettings
in an INI file in the user's data folder (so ``ITA_DESKTOP_HOME`` isolates tests)."""

from __future__ import annotations

from ..core.base import paths
from .qt import QSettings

DEFAULT_FONT_PT = 11
MIN_FONT_PT, MAX_FONT_PT = 8, 20


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings(str(paths.user_data_dir() / "settings.ini"),
                                        QSettings.Format.IniFormat)

    def _get(self, key: str, default: object) -> object:
        value = self.q.value(key, default)
        return default if value is None else value

    @property
    def language(self) -> str:
        from .i18n import DEFAULT_LANGUAGE
        return str(self._get("ui/language", DEFAULT_LANGUAGE))

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("ui/language", value)
        self.q.sync()

    @property
    def font_pt(self) -> int:
        try:
            value = int(self._get("ui/font_pt", DEFAULT_FONT_PT))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            value = DEFAULT_FONT_PT
        return max(MIN_FONT_PT, min(MAX_FONT_PT, value))

    @font_pt.setter
    def font_pt(self, value: int) -> None:
        self.q.setValue("ui/font_pt", max(MIN_FONT_PT, min(MAX_FONT_PT, int(value))))
        self.q.sync()

    @property
    def last_db(self) -> str | None:
        value = self._get("db/last", "")
        return str(value) or None

    @last_db.setter
    def last_db(self, value: str) -> None:
        self.q.setValue("db/last", value)
        self.q.sync()
