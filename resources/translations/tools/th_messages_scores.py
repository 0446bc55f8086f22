"""Thai for the strings of the result sheet window, the charts and their hooks (branch
``scores``); merged into the th catalog by update_catalogs.py."""

TH = {
    "(removed)": "(ลบ)",
    "Add items under the pass mark": "เพิ่มรายการข้อที่ต่ำกว่าเกณฑ์",
    "Apply": "นำไปใช้",
    "Apply or discard the changed scores first.": "กด “นำไปใช้” หรือ “ยกเลิกการแก้ไข” คะแนนที่แก้ไว้ก่อน",
    "Changes to apply": "สิ่งที่จะเปลี่ยน",
    "Chart": "แผนภูมิ",
    "Charts": "แผนภูมิ",
    "Close": "ปิด",
    "Discard changes": "ยกเลิกการแก้ไข",
    "Every item under the pass mark already has an item.":
        "ทุกข้อที่ต่ำกว่าเกณฑ์ผ่านมีรายการในรายงานแล้ว",
    "Import file…": "นำเข้าไฟล์…",
    "Import scores": "นำเข้าคะแนน",
    "Item": "ข้อ",
    "Items under the pass mark that have measures": "ข้อที่ต่ำกว่าเกณฑ์ผ่านที่มีมาตรการแล้ว",
    "No changes to apply": "ยังไม่มีสิ่งที่จะเปลี่ยน",
    "No office has sent a result sheet yet: the charts show the scores of the result sheets in the reports.":
        "ยังไม่มีหน่วยงานใดส่งผลการประเมิน แผนภูมิแสดงคะแนนจากผลการประเมินที่อยู่ในรายงาน",
    "Not saved yet: press “Apply”": "ยังไม่บันทึก กด “นำไปใช้”",
    "Nothing was imported: {error}": "ไม่ได้นำเข้าคะแนน: {error}",
    "Nothing was pasted: {error}": "ไม่ได้วางคะแนน: {error}",
    "Offices": "หน่วยงาน",
    "One item, with its score and wording, for every item under the pass mark that the report does not answer yet":
        "เพิ่มรายการพร้อมคะแนนและข้อความของข้อ ให้ทุกข้อที่ต่ำกว่าเกณฑ์ผ่านที่รายงานยังไม่มี",
    "Overall score": "คะแนนรวม",
    "Overall score of each office against the pass mark": "คะแนนรวมของแต่ละหน่วยงานเทียบกับเกณฑ์ผ่าน",
    "Paste from Excel": "วางจาก Excel",
    "Print a summary chart of the result sheet before the table":
        "พิมพ์แผนภูมิสรุปผลการประเมินหนึ่งหน้าก่อนตาราง",
    "Result &sheet and chart…": "ผลการประเมินและแผนภูมิ… (&S)",
    "Result sheet": "ผลการประเมิน",
    "Result sheet: {n} scores": "ผลการประเมิน: {n} คะแนน",
    "Save the changes listed above (Ctrl+S); one undo step":
        "บันทึกสิ่งที่เปลี่ยนตามรายการด้านบน (Ctrl+S) ย้อนกลับได้ในครั้งเดียว",
    "Score": "คะแนน",
    "Score per indicator (mean of the item scores; colour by grade)":
        "คะแนนรายตัวชี้วัด (ค่าเฉลี่ยของคะแนนรายข้อ สีตามระดับผลการประเมิน)",
    "Score sheets (*.xlsx *.csv *.tsv *.txt)": "ไฟล์คะแนน (*.xlsx *.csv *.tsv *.txt)",
    "Scores": "คะแนน",
    "Scores of the result sheet": "คะแนนผลการประเมิน",
    "Type each item's score from the agency's ITA result sheet, or copy the code and score columns in Excel and paste them here (Ctrl+V). Nothing is saved until you press “Apply”.":
        "พิมพ์คะแนนแต่ละข้อตามผลการประเมิน ITA ของหน่วยงาน หรือคัดลอกคอลัมน์รหัสข้อและคะแนนใน Excel "
        "แล้ววางที่นี่ (Ctrl+V) ยังไม่มีสิ่งใดบันทึกจนกว่าจะกด “นำไปใช้”",
    "Wording": "ข้อความ",
    "score {score}": "คะแนน {score}",
}

TH_PLURAL = {
    "{n} change to apply": "จะเปลี่ยน {n} รายการ",
    "{n} item added for the items under the pass mark.":
        "เพิ่ม {n} รายการสำหรับข้อที่ต่ำกว่าเกณฑ์ผ่านแล้ว",
}
