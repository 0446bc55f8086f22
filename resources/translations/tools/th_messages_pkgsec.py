"""Thai for the strings of the replaced-versions window and the package conflict questions
(issue 9); merged into the th catalog by update_catalogs.py."""

TH = {
    "Replaced &versions…": "ฉบับที่ถูกแทนที่… (&V)",
    "Replaced versions": "ฉบับที่ถูกแทนที่",
    "When an imported package replaces a report, the report it replaced is kept here. Select one to see what changed; “Restore” puts it back (the report in its place is kept here in turn).":
        "เมื่อแฟ้มรายงานที่นำเข้าแทนที่รายงานเดิม รายงานเดิมจะเก็บไว้ที่นี่ เลือกรายการเพื่อดูว่าเปลี่ยนอะไรไปบ้าง "
        "“นำกลับมา” จะนำฉบับนั้นกลับมาใช้ (รายงานที่อยู่แทนจะเก็บไว้ที่นี่แทน)",
    "Office": "หน่วยงาน",
    "Version": "ฉบับที่",
    "Replaced at": "แทนที่เมื่อ",
    "Why": "เหตุผล",
    "What": "รายการ",
    "Before (replaced version)": "เดิม (ฉบับที่ถูกแทนที่)",
    "Now": "ปัจจุบัน",
    "No report has been replaced.": "ยังไม่มีรายงานที่ถูกแทนที่",
    "Restore this version…": "นำฉบับนี้กลับมา…",
    "Restore this version": "นำฉบับนี้กลับมา",
    "Put this version back? The report now in its place is kept in this list, so this can be undone the same way.":
        "นำฉบับนี้กลับมาใช้หรือไม่ รายงานที่อยู่แทนตอนนี้จะเก็บไว้ในรายการนี้ จึงย้อนกลับได้ด้วยวิธีเดียวกัน",
    "No differences": "ไม่มีข้อแตกต่าง",
    "This report belongs to another office here": "รายงานนี้เป็นของหน่วยงานอื่นในฐานข้อมูลนี้",
    "An unusual version number": "ฉบับที่ของรายงานผิดปกติ",
    "A replaced report can be seen and restored with File › Replaced versions…":
        "รายงานที่ถูกแทนที่ดูและนำกลับมาได้ที่ แฟ้ม › ฉบับที่ถูกแทนที่…",
}

TH_PLURAL: dict[str, tuple[str, ...]] = {}
