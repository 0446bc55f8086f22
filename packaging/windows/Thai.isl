; Thai setup messages for ITA Desktop. Inno Setup ships no Thai translation; this file is
; loaded after compiler:Default.isl and overrides the messages a clerk sees on the usual path
; (welcome, folder, tasks, ready, progress, finish, uninstall). Others stay English.
; Saved as UTF-8 with a byte-order mark (Inno Setup 6 reads it as Unicode).

[LangOptions]
LanguageName=ไทย
LanguageID=$041E
LanguageCodePage=0

[Messages]
SetupAppTitle=ติดตั้ง
SetupWindowTitle=ติดตั้ง %1
UninstallAppTitle=ถอนการติดตั้ง
UninstallAppFullTitle=ถอนการติดตั้ง %1
ButtonBack=< &ย้อนกลับ
ButtonNext=&ถัดไป >
ButtonInstall=&ติดตั้ง
ButtonOK=ตกลง
ButtonCancel=ยกเลิก
ButtonYes=&ใช่
ButtonYesToAll=ใช่ทั้ง&หมด
ButtonNo=&ไม่
ButtonNoToAll=ไม่ทั้งห&มด
ButtonFinish=&เสร็จสิ้น
ButtonBrowse=เ&ลือก...
ButtonWizardBrowse=เ&ลือก...
ButtonNewFolder=&สร้างโฟลเดอร์ใหม่
SelectLanguageTitle=เลือกภาษาของโปรแกรมติดตั้ง
SelectLanguageLabel=เลือกภาษาที่ใช้ระหว่างการติดตั้ง
ExitSetupTitle=ออกจากการติดตั้ง
ExitSetupMessage=การติดตั้งยังไม่เสร็จ ถ้าออกตอนนี้ โปรแกรมจะยังไม่ถูกติดตั้ง%n%nเรียกโปรแกรมติดตั้งอีกครั้งภายหลังเพื่อติดตั้งให้เสร็จ%n%nออกจากการติดตั้งหรือไม่?
WelcomeLabel1=ยินดีต้อนรับสู่การติดตั้ง [name]
WelcomeLabel2=โปรแกรมนี้จะติดตั้ง [name/ver] ลงในเครื่องของคุณ (เฉพาะผู้ใช้นี้ ไม่ต้องใช้สิทธิ์ผู้ดูแลระบบ)%n%nควรปิดโปรแกรมอื่นก่อนดำเนินการต่อ
WizardSelectDir=เลือกที่ติดตั้ง
SelectDirDesc=จะติดตั้ง [name] ไว้ที่ใด?
SelectDirLabel3=โปรแกรมติดตั้งจะติดตั้ง [name] ลงในโฟลเดอร์ต่อไปนี้
SelectDirBrowseLabel=กด "ถัดไป" เพื่อดำเนินการต่อ หรือกด "เลือก..." เพื่อเลือกโฟลเดอร์อื่น
DiskSpaceMBLabel=ต้องใช้พื้นที่ว่างอย่างน้อย [mb] MB
WizardSelectTasks=เลือกงานเพิ่มเติม
SelectTasksDesc=ต้องการให้ทำอะไรเพิ่มเติมบ้าง?
SelectTasksLabel2=เลือกงานเพิ่มเติมที่ต้องการระหว่างติดตั้ง [name] แล้วกด "ถัดไป"
WizardReady=พร้อมติดตั้ง
ReadyLabel1=พร้อมติดตั้ง [name] ลงในเครื่องของคุณแล้ว
ReadyLabel2a=กด "ติดตั้ง" เพื่อเริ่ม หรือกด "ย้อนกลับ" เพื่อแก้ไขการตั้งค่า
ReadyLabel2b=กด "ติดตั้ง" เพื่อเริ่ม
ReadyMemoDir=ที่ติดตั้ง:
ReadyMemoTasks=งานเพิ่มเติม:
WizardPreparing=กำลังเตรียมการติดตั้ง
WizardInstalling=กำลังติดตั้ง
InstallingLabel=กรุณารอสักครู่ กำลังติดตั้ง [name] ลงในเครื่องของคุณ
WizardInfoAfter=ข้อมูล
InfoAfterLabel=ประกาศเกี่ยวกับซอฟต์แวร์ของบุคคลที่สามที่รวมอยู่ในโปรแกรม (อ่านแล้วกด "ถัดไป")
InfoAfterClickLabel=กด "ถัดไป" เพื่อดำเนินการต่อ
FinishedHeadingLabel=ติดตั้ง [name] เสร็จแล้ว
FinishedLabelNoIcons=ติดตั้ง [name] ลงในเครื่องของคุณเรียบร้อยแล้ว
FinishedLabel=ติดตั้ง [name] ลงในเครื่องของคุณเรียบร้อยแล้ว เปิดโปรแกรมได้จากไอคอนที่ติดตั้งไว้
ClickFinish=กด "เสร็จสิ้น" เพื่อออกจากการติดตั้ง
StatusExtractFiles=กำลังคัดลอกไฟล์...
StatusCreateIcons=กำลังสร้างไอคอน...
StatusCreateRegistryEntries=กำลังบันทึกการตั้งค่า...
StatusClosingApplications=กำลังปิดโปรแกรมที่เปิดอยู่...
StatusRollback=กำลังยกเลิกการเปลี่ยนแปลง...
SetupAborted=การติดตั้งไม่เสร็จสมบูรณ์%n%nแก้ไขปัญหาแล้วเรียกโปรแกรมติดตั้งอีกครั้ง
ConfirmUninstall=ต้องการถอน %1 และส่วนประกอบทั้งหมดออกหรือไม่?
UninstallStatusLabel=กรุณารอสักครู่ กำลังถอน %1 ออกจากเครื่องของคุณ
UninstalledAll=ถอน %1 ออกจากเครื่องเรียบร้อยแล้ว
UninstalledMost=ถอน %1 เสร็จแล้ว%n%nบางส่วนลบไม่ได้ ลบเองได้ภายหลัง
WizardUninstalling=สถานะการถอนการติดตั้ง
StatusUninstalling=กำลังถอน %1...
