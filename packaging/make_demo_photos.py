"""Draw the placeholder photos of the demo report (ita_desktop/data/demo/photos/*.jpg).

The published Pathum Wan report (see README.md) had pictures in its last column; the extracted
text kept only the words those pictures contained. These placeholders show that text on flat
colours, clearly labelled "ภาพตัวอย่าง" (placeholder). Where nothing of a picture survived, the
placeholder says so and shows a simple drawing instead.

Run from anywhere:  python packaging/make_demo_photos.py
The output is deterministic (no randomness, no dates); it needs Pillow and the bundled Sarabun.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

# lives outside the package data so that it does not ship; draws into the demo folder
HERE = Path(__file__).resolve().parents[1] / "ita_desktop" / "data" / "demo"
FONTS = HERE.parent / "fonts"
OUT = HERE / "photos"

W, H = 1600, 1200
MAX_BYTES = 250_000

# Thai marks need real shaping (libraqm); without it tone marks may collide with upper vowels.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

PALETTES = {
    # background, header band, accent (badge), card, ink, soft ink
    "teal": ("#EAF2EF", "#2F5D62", "#E07A5F", "#FFFFFF", "#1F3438", "#5E7A7D"),
    "indigo": ("#EEF0F7", "#3D4A7A", "#F2A541", "#FFFFFF", "#1E2440", "#5B6485"),
    "green": ("#EEF4EA", "#4A6D3B", "#D9825B", "#FFFFFF", "#22301C", "#5F7354"),
    "plum": ("#F4EEF3", "#6B4466", "#5FA8A0", "#FFFFFF", "#2F1E2D", "#765F73"),
    "slate": ("#EDF1F4", "#34495E", "#E9A23B", "#FFFFFF", "#1B2631", "#5D6D7E"),
}


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=LAYOUT)


def text_width(draw: ImageDraw.ImageDraw, text: str, f: ImageFont.FreeTypeFont) -> int:
    left, _, right, _ = draw.textbbox((0, 0), text, font=f)
    return right - left


def fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, bold: bool = False,
        minimum: int = 24) -> ImageFont.FreeTypeFont:
    """The largest font not above ``size`` in which ``text`` fits ``width``."""
    while size > minimum and text_width(draw, text, font(size, bold)) > width:
        size -= 2
    return font(size, bold)


def frame(title: str, palette: str, code: str) -> tuple[Image.Image, ImageDraw.ImageDraw, tuple]:
    """Background, header band with the title, the placeholder badge and the footer."""
    bg, band, accent, _card, _ink, _soft = pal = PALETTES[palette]
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)
    # header band
    d.rectangle((0, 0, W, 170), fill=band)
    d.text((70, 85), title, font=fit(d, title, 64, W - 560, bold=True), fill="#FFFFFF",
           anchor="lm")
    # placeholder badge (top right)
    d.rounded_rectangle((W - 430, 30, W - 50, 140), radius=26, fill=accent)
    d.text((W - 240, 72), "ภาพตัวอย่าง", font=font(52, bold=True), fill="#FFFFFF", anchor="mm")
    d.text((W - 240, 118), "PLACEHOLDER", font=font(24, bold=True), fill="#FFFFFF", anchor="mm")
    # footer
    d.rectangle((0, H - 90, W, H), fill=band)
    foot = (f"ภาพประกอบข้อมูลตัวอย่าง จัดทำขึ้นแทนภาพในรายงานต้นฉบับ  ·  "
            f"สำนักงานเขตปทุมวัน ปีงบประมาณ ๒๕๖๗ รอบ ๖ เดือน  ·  ข้อ {code}")
    d.text((W // 2, H - 45), foot, font=fit(d, foot, 30, W - 120), fill="#FFFFFF", anchor="mm")
    return img, d, pal


def bullet(d: ImageDraw.ImageDraw, x: int, y: int, colour: str, size: int = 16) -> None:
    """A small right-pointing triangle centred on y (the source pictures used ▶)."""
    d.polygon([(x, y - size // 2), (x + size, y), (x, y + size // 2)], fill=colour)


def list_card(title: str, palette: str, code: str, heading: str, lines: list[str],
              subheading: str = "", columns: int = 2, numbered: bool = False,
              note: str = "") -> Image.Image:
    img, d, (bg, band, accent, card, ink, soft) = frame(title, palette, code)
    top, bottom = 210, H - 130
    d.rounded_rectangle((60, top, W - 60, bottom), radius=28, fill=card)
    y = top + 60
    d.text((110, y), heading, font=fit(d, heading, 52, W - 220, bold=True), fill=band,
           anchor="lm")
    y += 50
    if subheading:
        y += 30
        d.text((110, y), subheading, font=fit(d, subheading, 40, W - 220), fill=soft,
               anchor="lm")
        y += 40
    d.line((110, y, W - 110, y), fill=accent, width=4)
    y += 50
    per_col = -(-len(lines) // columns)
    col_w = (W - 220) // columns
    avail = bottom - 40 - y - (50 if note else 0)
    step = min(88, avail // per_col)
    size = max(26, min(44, step - 18))
    longest = max(lines, key=len)
    f = fit(d, longest, size, col_w - 90)
    for i, line in enumerate(lines):
        col, row = divmod(i, per_col)
        x = 110 + col * col_w
        cy = y + row * step
        if numbered:
            d.text((x, cy), f"{i + 1}.", font=f, fill=accent, anchor="lm")
            d.text((x + 70, cy), line, font=f, fill=ink, anchor="lm")
        else:
            bullet(d, x, cy, accent)
            d.text((x + 34, cy), line, font=f, fill=ink, anchor="lm")
    if note:
        d.text((W // 2, bottom - 40), note, font=fit(d, note, 28, W - 220), fill=soft,
               anchor="mm")
    return img


def unknown_card(title: str, palette: str, code: str, heading: str, draw_scene,
                 lines: list[str]) -> Image.Image:
    """For a picture of which nothing survived: a simple flat drawing and an honest note."""
    img, d, (bg, band, accent, card, ink, soft) = frame(title, palette, code)
    top, bottom = 210, H - 130
    d.rounded_rectangle((60, top, W - 60, bottom), radius=28, fill=card)
    d.text((W // 2, top + 70), heading, font=fit(d, heading, 50, W - 220, bold=True),
           fill=band, anchor="mm")
    draw_scene(d, (W // 2, top + 400), band, accent, soft, bg)
    y = bottom - 60 - 55 * (len(lines) - 1)
    for line in lines:
        d.text((W // 2, y), line, font=fit(d, line, 34, W - 220), fill=soft, anchor="mm")
        y += 55
    return img


def scene_training(d, centre, band, accent, soft, bg) -> None:
    """A screen showing an e-service form, and three people in front of it."""
    cx, cy = centre
    d.rounded_rectangle((cx - 330, cy - 230, cx + 330, cy + 110), radius=22, fill=band)
    d.rounded_rectangle((cx - 300, cy - 200, cx + 300, cy + 80), radius=14, fill=bg)
    d.text((cx, cy - 150), "E - service", font=font(64, bold=True), fill=band, anchor="mm")
    for i in range(3):
        y = cy - 70 + i * 50
        d.rounded_rectangle((cx - 220, y - 16, cx + 220, y + 16), radius=8, fill="#FFFFFF",
                            outline=soft, width=2)
    d.rectangle((cx - 20, cy + 110, cx + 20, cy + 150), fill=band)
    for i, x in enumerate((cx - 420, cx + 420, cx - 560)):
        colour = accent if i == 0 else soft
        d.ellipse((x - 38, cy - 10, x + 38, cy + 66), fill=colour)
        d.rounded_rectangle((x - 66, cy + 78, x + 66, cy + 200), radius=40, fill=colour)


def scene_participation(d, centre, band, accent, soft, bg) -> None:
    """Speech bubbles around a suggestion box."""
    cx, cy = centre
    d.rounded_rectangle((cx - 150, cy - 60, cx + 150, cy + 170), radius=16, fill=band)
    d.rectangle((cx - 90, cy - 40, cx + 90, cy - 22), fill=bg)
    d.text((cx, cy + 70), "ข้อเสนอแนะ", font=font(46, bold=True), fill="#FFFFFF", anchor="mm")
    bubbles = [(-470, -190, "ความคิดเห็น"), (250, -210, "ร่วมพัฒนา"), (-520, 60, "ติชม"),
               (330, 40, "แนะนำบริการ")]
    for dx, dy, word in bubbles:
        x, y = cx + dx, cy + dy
        w = 250
        colour = accent if dx < 0 else soft
        d.rounded_rectangle((x, y, x + w, y + 100), radius=40, fill=colour)
        tail_x = x + (w - 50 if dx < 0 else 50)
        d.polygon([(tail_x - 18, y + 96), (tail_x + 18, y + 96), (tail_x, y + 135)], fill=colour)
        d.text((x + w // 2, y + 50), word, font=font(40, bold=True), fill="#FFFFFF", anchor="mm")


# ----------------------------------------------------------------------------------- photos
OPERATION_UNITS = [
    "ฝ่ายปกครอง", "ฝ่ายทะเบียน", "ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล", "ฝ่ายรายได้",
    "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "ฝ่ายการศึกษา", "ฝ่ายการคลัง", "ฝ่ายเทศกิจ",
    "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
]


def photo_i17() -> Image.Image:
    topics = [
        "การสรรหาและเลือกสรร", "การทดลองปฏิบัติหน้าที่ราชการ", "การพิจารณาคุณวุฒิการศึกษา",
        "การปรับเงินเดือนตามวุฒิ", "รับโอน / บรรจุกลับ", "ย้าย / สอนตำแหน่ง",
        "เปลี่ยนประเภทข้าราชการ", "การรักษาการในตำแหน่ง", "การเลื่อนและแต่งตั้ง",
        "การคัดเลือกและประเมินบุคคล", "เงินเดือน ค่าตอบแทน สิทธิประโยชน์และสวัสดิการ",
        "การพัฒนาทรัพยากรบุคคล", "การดำเนินการทางวินัย", "ความรับผิดชอบทางละเมิด",
        "การพิทักษ์ระบบคุณธรรม", "การลาออกจากราชการ",
    ]
    return list_card("งานบริหารทรัพยากรบุคคล", "teal", "I17", "HR ข้าราชการ กทม.สามัญ", topics,
                     note="ข้อความตามภาพในรายงานต้นฉบับ (“USSJ” ในข้อความที่สกัดได้ อ่านเป็น “บรรจุ”)")


def photo_e7() -> Image.Image:
    units = list(OPERATION_UNITS)
    return list_card("คู่มือการปฏิบัติงาน", "indigo", "E7",
                     "คู่มือการปฏิบัติงานของเจ้าหน้าที่ Standard of operation", units,
                     subheading="คู่มือปฏิบัติงานของสำนักงานเขต", numbered=True,
                     note="ข้อความตามภาพในรายงานต้นฉบับ")


def photo_e11() -> Image.Image:
    units = list(OPERATION_UNITS)
    units[3] = "ฝ่ายสิ่งแวดล้อมและสุขภาพ"  # as the extracted text of this picture reads
    return list_card("คู่มือการปฏิบัติงาน", "plum", "E11",
                     "คู่มือการปฏิบัติงานของเจ้าหน้าที่ Standard of operation", units,
                     subheading="ผู้บังคับบัญชาของสำนักงานเขต", numbered=True,
                     note="ข้อความตามภาพในรายงานต้นฉบับ (อาจเป็นภาพเดียวกับข้อ E7)")


def photo_e13() -> Image.Image:
    return unknown_card("การนำเทคโนโลยีมาใช้ในการให้บริการ", "green", "E13",
                        "อบรมการให้บริการผ่านระบบ E - service", scene_training,
                        ["ภาพในรายงานต้นฉบับไม่มีข้อความที่สกัดได้ จึงไม่ทราบเนื้อหา",
                         "ภาพนี้วาดขึ้นแทนตามผลการดำเนินการของข้อนี้"])


def photo_e14() -> Image.Image:
    return unknown_card("การเปิดโอกาสให้มีส่วนร่วม", "slate", "E14",
                        "ช่องทางแสดงความคิดเห็นและข้อเสนอแนะของผู้รับบริการ",
                        scene_participation,
                        ["ภาพในรายงานต้นฉบับไม่มีข้อความที่สกัดได้ จึงไม่ทราบเนื้อหา",
                         "ภาพนี้วาดขึ้นแทนตามผลการดำเนินการของข้อนี้"])


PHOTOS = {
    "i17-hr-services.jpg": photo_i17,
    "e7-operation-manuals.jpg": photo_e7,
    "e11-operation-manuals.jpg": photo_e11,
    "e13-e-service-training.jpg": photo_e13,
    "e14-participation-channels.jpg": photo_e14,
}


def save(img: Image.Image, path: Path) -> int:
    for quality in (85, 80, 75, 70, 60):
        img.save(path, "JPEG", quality=quality, optimize=True, progressive=False,
                 subsampling="4:2:0")
        size = path.stat().st_size
        if size <= MAX_BYTES:
            return size
    return size


def main() -> int:
    if LAYOUT != ImageFont.Layout.RAQM:
        print("warning: Pillow has no libraqm here; Thai marks may be placed badly",
              file=sys.stderr)
    OUT.mkdir(exist_ok=True)
    for name, make in PHOTOS.items():
        size = save(make(), OUT / name)
        print(f"{name}: {size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
