"""Thai for the strings of branch `ministry` (office-name matching in the consolidation
window, the editor's wording hint and long-cell warning); merged into the th catalog by
update_catalogs.py."""

TH = {
    "The answer could not be saved": "บันทึกคำตอบไม่ได้",
    "Remembered: “{sent}” is “{office}”.": "จำไว้แล้ว: “{sent}” คือ “{office}”",
    "Remembered: “{sent}” is not “{office}”.": "จำไว้แล้ว: “{sent}” ไม่ใช่ “{office}”",
    "“{sent}” is not on the list of expected offices. Is it “{office}”?":
        "“{sent}” ไม่อยู่ในรายชื่อหน่วยงานที่ต้องส่ง ใช่ “{office}” หรือไม่",
    "Yes, the same office": "ใช่ หน่วยงานเดียวกัน",
    "Count this report for the office on the list, now and in later imports":
        "นับรายงานนี้เป็นของหน่วยงานในรายชื่อ ทั้งตอนนี้และในการนำเข้าครั้งต่อไป",
    "No, another office": "ไม่ใช่ เป็นหน่วยงานอื่น",
    "Keep it apart and do not ask again": "แยกไว้ต่างหากและไม่ต้องถามอีก",
    "On the list as “{office}”": "อยู่ในรายชื่อว่า “{office}”",
    "Probably “{office}” on the list: confirm above":
        "น่าจะเป็น “{office}” ในรายชื่อ ยืนยันได้ที่ด้านบน",
    "{field} is very long: it would print as one cell over about {n} pages. Shorten it, or put the details in an attachment.":
        "{field}ยาวมาก จะพิมพ์เป็นช่องเดียวยาวประมาณ {n} หน้า ตัดให้สั้นลง หรือย้ายรายละเอียดไปเป็นเอกสารแนบ",
    "The wording of {items} comes from the bundled form and has not been checked against the official manual yet: check it and correct it in the item if needed.":
        "ถ้อยคำของข้อ {items} มาจากแบบวัดที่ติดมากับโปรแกรม และยังไม่ได้ตรวจทานกับคู่มือการประเมินฉบับทางการ ตรวจสอบและแก้ไขในข้อนั้นได้ถ้าจำเป็น",
}

TH_PLURAL: dict[str, str] = {}
