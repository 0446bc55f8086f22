"""Thai for the strings of the backup, restore and damaged-database windows (branch safety-a);
merged into the th catalog by update_catalogs.py."""

TH = {
    "&Backups and restore…": "สำเนาสำรองและการกู้คืน… (&B)",
    "(deleted)": "(ลบแล้ว)",
    "A backup is made every day at start and before every import, finalise, reopen, carry forward, delete and restore. Choose a backup to see the reports it holds. Before anything is restored, the current state is backed up too.":
        "โปรแกรมทำสำเนาสำรองทุกวันเมื่อเปิดโปรแกรม และก่อนการนำเข้า การยืนยันฉบับสมบูรณ์ การเปิดแก้ไข การยกยอด การลบ และการกู้คืนทุกครั้ง เลือกสำเนาสำรองเพื่อดูรายงานที่อยู่ในนั้น ก่อนกู้คืน โปรแกรมจะสำรองข้อมูลปัจจุบันไว้ก่อนเสมอ",
    "Back up now": "สำรองข้อมูลเดี๋ยวนี้",
    "Backup folder: {folder}": "โฟลเดอร์สำเนาสำรอง: {folder}",
    "Backup made: {name}": "ทำสำเนาสำรองแล้ว: {name}",
    "Backups and restore": "สำเนาสำรองและการกู้คืน",
    "Before a restore": "ก่อนกู้คืน",
    "Before an import": "ก่อนนำเข้า",
    "Before carrying forward": "ก่อนยกยอด",
    "Before deleting": "ก่อนลบ",
    "Before finalising": "ก่อนยืนยันฉบับสมบูรณ์",
    "Before reopening": "ก่อนเปิดแก้ไข",
    "Change folder…": "เปลี่ยนโฟลเดอร์…",
    "Choose another name: this is the open database itself.":
        "เลือกชื่ออื่น ไฟล์นี้คือฐานข้อมูลที่เปิดอยู่เอง",
    "Choose the backup folder": "เลือกโฟลเดอร์สำหรับเก็บสำเนาสำรอง",
    "Copied by hand": "คัดลอกมาเอง",
    "Daily": "ประจำวัน",
    "Kind": "ประเภท",
    "Made by hand": "สั่งทำเอง",
    "No good backup of this file was found in {folder}.":
        "ไม่พบสำเนาสำรองที่ใช้ได้ของไฟล์นี้ใน {folder}",
    "Open read-only": "เปิดแบบอ่านอย่างเดียว",
    "Put the report of {agency} (fiscal year {year}) back as it was on {when}? Its current version is replaced; the other reports do not change. The current state is backed up first.":
        "กู้คืนรายงานของ{agency} (ปีงบประมาณ {year}) ให้เป็นเหมือนเมื่อ {when} หรือไม่ ฉบับปัจจุบันจะถูกแทนที่ รายงานอื่นไม่เปลี่ยนแปลง โปรแกรมจะสำรองข้อมูลปัจจุบันไว้ก่อน",
    "Replace the whole database with the backup of {when} ({count} reports)? The current state is backed up first.":
        "แทนที่ฐานข้อมูลทั้งหมดด้วยสำเนาสำรองเมื่อ {when} ({count} รายงาน) หรือไม่ โปรแกรมจะสำรองข้อมูลปัจจุบันไว้ก่อน",
    "Restore the newest good backup": "กู้คืนจากสำเนาสำรองล่าสุดที่ใช้ได้",
    "Restore the whole database": "กู้คืนทั้งฐานข้อมูล",
    "Restore this report": "กู้คืนรายงานนี้",
    "Save a &copy…": "บันทึกสำเนา… (&C)",
    "Save a copy": "บันทึกสำเนา",
    "Save a copy of the database": "บันทึกสำเนาของฐานข้อมูล",
    "Saved a complete copy: {path}": "บันทึกสำเนาครบถ้วนแล้ว: {path}",
    "Size": "ขนาด",
    "The database file {path} is damaged. Nothing was written to it.\n\n{problems}":
        "ไฟล์ฐานข้อมูล {path} เสียหาย โปรแกรมไม่ได้เขียนอะไรลงไฟล์นี้\n\n{problems}",
    "The database is damaged": "ฐานข้อมูลเสียหาย",
    "The newest good backup is from {when} ({count} reports).":
        "สำเนาสำรองล่าสุดที่ใช้ได้ทำเมื่อ {when} ({count} รายงาน)",
    "The report was restored.": "กู้คืนรายงานแล้ว",
    "There is no backup yet. “Back up now” makes one.":
        "ยังไม่มีสำเนาสำรอง กด “สำรองข้อมูลเดี๋ยวนี้” เพื่อสร้าง",
    "read-only: the database is damaged": "อ่านอย่างเดียว: ฐานข้อมูลเสียหาย",
}

TH_PLURAL: dict[str, tuple[str, ...]] = {}
