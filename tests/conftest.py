"""Shared fixtures. Every test gets its own user data folder (ITA_DESKTOP_HOME), so nothing
touches the real user's database or forms."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def user_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ITA_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def store(tmp_path: Path):
    from ita_desktop.core.store import Store

    with Store.open(tmp_path / "test.sqlite") as opened:
        yield opened


def jpeg_bytes(width: int = 640, height: int = 480, colour: tuple[int, int, int] = (200, 80, 40),
               seed: int = 0) -> bytes:
    """A small distinct JPEG: a colour field with a pattern that depends on ``seed``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for n in range(8):
        x = (seed * 37 + n * 53) % max(1, width - 20)
        y = (seed * 91 + n * 29) % max(1, height - 20)
        draw.rectangle([x, y, x + 20 + n * 3, y + 15 + seed % 7], fill=(n * 30 % 256, seed % 256, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
