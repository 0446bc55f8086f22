"""Draw the program icon (ita_desktop/data/icons/ita-desktop.png and .ico) with Pillow.

A white report page with a folded corner on a deep-blue rounded square, three text lines and a
green check mark: "a report, checked". Deterministic; run again after changing the drawing:
    python packaging/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "ita_desktop" / "data" / "icons"
SIZE = 256
BLUE, PAGE, FOLD, INK, GREEN = "#1f4e8c", "#ffffff", "#c9d6ea", "#8aa0bf", "#2e9e4f"


def draw(size: int = SIZE) -> Image.Image:
    scale = 4  # draw large and shrink: smooth edges without an anti-aliasing library
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s))

    d.rounded_rectangle(box(0.03, 0.03, 0.97, 0.97), radius=round(0.18 * s), fill=BLUE)
    fold = 0.16
    x0, y0, x1, y1 = 0.24, 0.14, 0.76, 0.86
    d.polygon([(x0 * s, y0 * s), ((x1 - fold) * s, y0 * s), (x1 * s, (y0 + fold) * s),
               (x1 * s, y1 * s), (x0 * s, y1 * s)], fill=PAGE)
    d.polygon([((x1 - fold) * s, y0 * s), ((x1 - fold) * s, (y0 + fold) * s),
               (x1 * s, (y0 + fold) * s)], fill=FOLD)
    for i, width in enumerate((0.30, 0.40, 0.34)):
        y = 0.36 + i * 0.09
        d.rounded_rectangle(box(0.32, y, 0.32 + width, y + 0.035), radius=round(0.017 * s),
                            fill=INK)
    d.line([(0.36 * s, 0.68 * s), (0.46 * s, 0.78 * s), (0.66 * s, 0.56 * s)], fill=GREEN,
           width=round(0.075 * s), joint="curve")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(OUT / "ita-desktop.png", optimize=True)
    image.save(OUT / "ita-desktop.ico",
               sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
