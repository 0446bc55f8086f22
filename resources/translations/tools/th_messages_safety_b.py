"""Thai for the strings of the one-writer lock, saving-problem notices and the history window
(branch safety-b); merged into the th catalog by update_catalogs.py."""

TH = {
    "&History of changes…": "ประวัติการแก้ไข… (&H)",
    "After": "ค่าใหม่",
    "Caption": "คำบรรยายภาพ",
    "Deleted": "ลบแล้ว",
    "Order": "ลำดับ",
    "Parent organisation": "หน่วยงานต้นสังกัด",
    "Revision": "ฉบับที่",
    "Rotation": "การหมุนภาพ",
    "Title": "ชื่อรายงาน",
    "Before": "ค่าเดิม",
    "Cancel": "ยกเลิก",
    "Close without saving": "ปิดโดยไม่บันทึก",
    "Keep the window open": "ยังไม่ปิดหน้าต่าง",
    "Not saved": "ยังไม่ได้บันทึก",
    "Change": "การเปลี่ยนแปลง",
    "Database in use": "ฐานข้อมูลกำลังถูกใช้งาน",
    "Every change to this item: when, by whom, before and after":
        "ทุกการแก้ไขของรายการนี้: เมื่อไร ใคร ค่าเดิมและค่าใหม่",
    "Every change to “{title}”: when, by whom, and the value before and after.":
        "ทุกการแก้ไขของ “{title}”: เมื่อไร ใครแก้ และค่าก่อนและหลังแก้",
    "Field": "ช่อง",
    "Fiscal year (B.E.)": "ปีงบประมาณ (พ.ศ.)",
    "History of changes": "ประวัติการแก้ไข",
    "History…": "ประวัติ…",
    "Imported from a package": "นำเข้าจากแฟ้มรายงาน",
    "Item": "รายการ",
    "Item added": "เพิ่มรายการ",
    "Item changed": "แก้ไขรายการ",
    "Item deleted": "ลบรายการ",
    "Item moved": "ย้ายรายการ",
    "Item {code}": "รายการ {code}",
    "Not saved yet: {cause} Your text stays here and is saved as soon as possible.":
        "ยังไม่ได้บันทึก: {cause} ข้อความที่พิมพ์ยังอยู่ที่นี่ และจะบันทึกให้เองทันทีที่ทำได้",
    "Not saved: {cause} Your edits stay on screen and are saved as soon as possible.":
        "ยังไม่ได้บันทึก: {cause} สิ่งที่แก้ไขยังอยู่บนจอ และจะบันทึกให้เองทันทีที่ทำได้",
    "Open database": "เปิดฐานข้อมูล",
    "Open it read-only (look and print, no changes)?":
        "เปิดแบบอ่านอย่างเดียว (ดูและพิมพ์ได้ แก้ไขไม่ได้) หรือไม่?",
    "Open read-only": "เปิดแบบอ่านอย่างเดียว",
    "Opened read-only: the database file cannot be written (read-only file, folder or drive, or no permission). Nothing you do here is saved; copy the file to this computer or ask for write access to edit.":
        "เปิดแบบอ่านอย่างเดียว: เขียนไฟล์ฐานข้อมูลไม่ได้ (ไฟล์ โฟลเดอร์ หรือไดรฟ์เป็นแบบอ่านอย่างเดียว หรือไม่มีสิทธิ์) สิ่งที่ทำในหน้าต่างนี้จะไม่ถูกบันทึก — คัดลอกไฟล์มาไว้ในเครื่องนี้ หรือขอสิทธิ์เขียนก่อนแก้ไข",
    "Opened read-only: this database is being edited by user “{user}” on computer “{machine}” since {since}. Nothing you do here is saved; close the app there and open the database again to edit.":
        "เปิดแบบอ่านอย่างเดียว: ฐานข้อมูลนี้กำลังเปิดแก้ไขอยู่โดยผู้ใช้ “{user}” ที่เครื่อง “{machine}” ตั้งแต่ {since} สิ่งที่ทำในหน้าต่างนี้จะไม่ถูกบันทึก — ปิดโปรแกรมที่เครื่องนั้นแล้วเปิดฐานข้อมูลใหม่เพื่อแก้ไข",
    "Photo added": "เพิ่มภาพ",
    "Photo changed": "แก้ไขภาพ",
    "Photo moved": "ย้ายภาพ",
    "Photo removed": "นำภาพออก",
    "Read-only": "อ่านอย่างเดียว",
    "Reopened for editing": "เปิดแก้ไข",
    "Report changed": "แก้ไขข้อมูลรายงาน",
    "Report created": "สร้างรายงาน",
    "Report deleted": "ลบรายงาน",
    "Saving problem": "ปัญหาการบันทึก",
    "Show": "แสดง",
    "The whole report": "ทั้งรายงาน",
    "Waiting for the database (another program is using it, {seconds} s)… Your edits are kept and saved as soon as it is free.":
        "กำลังรอฐานข้อมูล (โปรแกรมอื่นกำลังใช้อยู่ {seconds} วินาที)… สิ่งที่แก้ไขยังอยู่ และจะบันทึกทันทีที่ฐานข้อมูลว่าง",
    "When": "เมื่อ",
    "Who": "ผู้แก้ไข",
    "photo {id}": "ภาพ {id}",
}

TH_PLURAL = {
    "{n} change": "{n} รายการแก้ไข",
}
