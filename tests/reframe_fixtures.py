"""Two versions of a small framework and a report on the first, for the reframe tests (core,
command line, window)."""

from __future__ import annotations

from decimal import Decimal

from ita_desktop.core.framework import catalog
from ita_desktop.core.report.model import Entry, Report, Round
from ita_desktop.core.report.scoresheet import ScoreSheet

OLD = {"i": [("i1", "ข้อหนึ่ง"), ("i2", "ข้อสอง")],
       "o": [("o1", "โอหนึ่ง"), ("o2", "โอสอง"), ("o3", "โอสาม"), ("o4", "โอสี่")]}
# version 2: i2 reworded; o2 removed, so o3 and o4 are renumbered o2 and o3
NEW = {"i": [("i1", "ข้อหนึ่ง"), ("i2", "ข้อสองฉบับปรับปรุง")],
       "o": [("o1", "โอหนึ่ง"), ("o2", "โอสาม"), ("o3", "โอสี่")]}


def form_text(framework_id: str, items: dict[str, list[tuple[str, str]]]) -> str:
    def listed(pairs: list[tuple[str, str]]) -> str:
        return "".join(f"          - code: {code}\n            text: {text}\n"
                       f"            confirmed: true\n" for code, text in pairs)

    return (f"format: ita-form/1\nid: {framework_id}\nfiscal_year: 2570\n"
            f"title: กรอบทดสอบ {framework_id}\nvariant: main\npass_mark: 85\ninstruments:\n"
            "  - code: IIT\n    item_prefix: i\n    name: แบบวัดภายใน\n    name_en: Internal\n"
            "    indicators:\n      - number: 1\n        name: การปฏิบัติหน้าที่\n        items:\n"
            + listed(items["i"]) +
            "  - code: OIT\n    item_prefix: o\n    name: แบบวัดการเปิดเผยข้อมูล\n"
            "    name_en: Open\n    indicators:\n      - number: 9\n"
            "        name: การเปิดเผยข้อมูล\n        items:\n" + listed(items["o"]))


def install_versions() -> None:
    catalog.install_form_text(form_text("ita-2570", OLD), "ita-2570")
    catalog.install_form_text(form_text("ita-2570.2", NEW), "ita-2570.2")


def sample_report() -> Report:
    entries = [
        Entry(item="i1", issue="ประเด็น i1", measures=["มาตรการ ก"]),
        Entry(item="i2", issue="ประเด็น i2", measures=["มาตรการ ข"]),  # framework wording
        Entry(item="o2", item_text="ถ้อยคำของสำนักงานเอง", issue="ประเด็น o2",
              measures=["มาตรการ ค"], result="ทำแล้ว"),
        Entry(item="o3", issue="ประเด็น o3", measures=["มาตรการ ง"]),
        Entry(item="o1-o4", issue="เผยแพร่ข้อมูล", measures=["มาตรการ จ"]),
        Entry(label="งานของสำนักงานเอง", instrument="OIT", indicator=9, issue="ประเด็นเอง",
              measures=["มาตรการ ฉ"]),
    ]
    sheet = ScoreSheet(items={"i1": Decimal("80.00"), "i2": Decimal("70.00"),
                              "o2": Decimal("50.00"), "o3": Decimal("60.00")},
                       instruments={"IIT": Decimal("75.00")}, overall=Decimal("72.00"))
    return Report(agency="สำนักงานทดสอบ", parent="กรมทดสอบ", fiscal_year=2570,
                  round=Round.standard("6m", 2570), framework="ita-2570", entries=entries,
                  scores=sheet)
