"""The bundled Sarabun font for the whole UI, so Thai looks the same on every PC."""

from __future__ import annotations

from ..core.base import paths
from .qt import QApplication, QFont, QFontDatabase

FAMILY_FALLBACK = "Sarabun"
_family: str | None = None


def load_fonts() -> str:
    """Register Sarabun Regular and Bold once; return the family name."""
    global _family
    if _family is None:
        family = FAMILY_FALLBACK
        for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(paths.font_path(name)))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                family = families[0]
        _family = family
    return _family


def apply_font(app: QApplication, point_size: int) -> None:
    font = QFont(load_fonts())
    font.setPointSize(point_size)
    app.setFont(font)
