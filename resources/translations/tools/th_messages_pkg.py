"""Thai for the strings of the packaging branch (error message box of gui/errorhook.py)."""

TH = {
    "Something went wrong. Work saved before this is kept.\n"
    "Please send this log file to IT staff:\n{log}":
        "เกิดข้อผิดพลาดในโปรแกรม\n"
        "งานที่บันทึกไว้แล้วยังอยู่ครบ\n"
        "กรุณาส่งไฟล์บันทึกข้อผิดพลาดนี้ให้เจ้าหน้าที่ไอที:\n{log}",
}

TH_PLURAL: dict[str, tuple[str, ...]] = {}
