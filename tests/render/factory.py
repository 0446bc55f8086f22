"""Test reports built in code: Report/Entry objects and a dict-backed photo store."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from decimal import Decimal

from PIL import Image, ImageDraw

from ita_desktop.core.report.model import Entry, Person, PhotoRef, Report, Round

THAI_WORDS = (
    "สำนักงานเขต ได้ ดำเนินการ ประชุม ชี้แจง ชักซ้อม ทำความเข้าใจ เกี่ยวกับ งบประมาณ ที่ "
    "ได้รับ การจัดสรร แผนการ ใช้จ่าย ให้แก่ เจ้าหน้าที่ รับทราบ ผ่าน ช่องทาง ต่าง ๆ ของ "
    "หน่วยงาน เผยแพร่ ประชาสัมพันธ์ คู่มือ มาตรฐาน การให้บริการ ผู้มาติดต่อ ความพึงพอใจ "
    "ปฏิบัติ หน้าที่ ด้วย ความเต็มใจ โปร่งใส ตรวจสอบ ได้ ผู้บริหาร กำกับ ติดตาม อย่าง "
    "สม่ำเสมอ น้ำ ท่อระบายน้ำ ปรับปรุง ระบบ สารสนเทศ ข้อมูล สาธารณะ เปิดเผย ภายใน ภายนอก "
    "คุณธรรม ความซื่อสัตย์ สุจริต ประโยชน์ ส่วนรวม ส่วนตน ทรัพย์สิน ราชการ ป้องกัน ทุจริต"
).split()


class DictPhotos:
    """A PhotoSource backed by a dict sha256 -> JPEG bytes."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def add(self, jpeg: bytes) -> str:
        sha = hashlib.sha256(jpeg).hexdigest()
        self.data[sha] = jpeg
        return sha

    def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
        return self.data[sha256]


def make_jpeg(seed: int, size: tuple[int, int] = (800, 600)) -> bytes:
    rnd = random.Random(seed)
    im = Image.new("RGB", size, (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    d = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        d.rectangle([x, y, x + rnd.randrange(40, 300), y + rnd.randrange(40, 200)],
                    fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def thai_text(seed: int, words: int) -> str:
    rnd = random.Random(seed)
    out = []
    for i in range(words):
        out.append(rnd.choice(THAI_WORDS))
        if i % 7 == 6:
            out.append(" ")
    return "".join(out).strip()


def base_report(**kw) -> Report:
    r = Report(
        agency="สำนักงานเขตปทุมวัน", parent="กรุงเทพมหานคร", fiscal_year=2567,
        round=Round.standard("6m", 2567), framework="ita-2567",
        preparer=Person("นางสาวสมศรี ใจดี", "นักจัดการงานทั่วไปชำนาญการ", dt.date(2024, 3, 31)),
        certifier=Person("นายสมชาย รักงาน", "ผู้อำนวยการเขตปทุมวัน", dt.date(2024, 3, 31)),
    )
    for k, v in kw.items():
        setattr(r, k, v)
    return r


def entry(pos: int, item: str = "i8", instrument: str = "IIT", indicator: int = 2, *,
          item_text: str | None = None, words: int = 40, measures: int = 3,
          photos: list[PhotoRef] | None = None, score: str | None = "73.34") -> Entry:
    return Entry(
        item=item, instrument=instrument, indicator=indicator,
        item_text=item_text if item_text is not None else thai_text(pos * 7 + 1, 25),
        score=Decimal(score) if score else None,
        issue=thai_text(pos * 7 + 2, words),
        measures=[thai_text(pos * 7 + 3 + k, words // 2) for k in range(measures)],
        result=thai_text(pos * 7 + 6, words),
        photos=photos or [], position=pos,
    )


def stress_report() -> tuple[Report, DictPhotos]:
    """Long rows, many photos, awkward text: the cases the renderer must survive."""
    photos = DictPhotos()
    refs = [PhotoRef(photos.add(make_jpeg(i, (800, 600) if i % 3 else (600, 900))),
                     caption=f"ภาพกิจกรรมที่ {i + 1} การประชุมชี้แจงเจ้าหน้าที่", rotation=i % 4)
            for i in range(12)]
    entries = [
        entry(1, photos=refs[:2]),
        entry(2, "i17", "IIT", 3, words=160, measures=3, photos=refs[2:3]),  # a 4-page row
        entry(3, "e1", "EIT", 6, photos=refs),  # 12 photos in one entry
        entry(4, "e2", "EIT", 6, item_text="ทดสอบ <b>ตัวหนา</b> & \"อัญประกาศ\" 'เดี่ยว' \\ "
              "แท็บ\tกลาง ข้อความ 😀👍🏽 ❤️ สวัสดี 🙏"),
        Entry(item="o1-o22", instrument="OIT", indicator=9, score=Decimal("84.21"),
              issue="ดูรายละเอียดที่ https://www.bangkok.go.th/pathumwan/page/sub/view.php?"
                    "heading=1234567890&category=transparency&year=2567&round=first-six-months",
              measures=["เผยแพร่ข้อมูลบนเว็บไซต์", "ตรวจสอบความครบถ้วน"],
              result="กกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกก", position=5),
        Entry(item="o23", instrument="OIT", indicator=10, position=6),  # empty cells
    ]
    return base_report(entries=entries), photos
