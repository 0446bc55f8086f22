; Per-user installer of ITA Desktop (Inno Setup 6). No administrator rights needed.
;   pyinstaller --noconfirm installer.spec
;   iscc /DAppVersion=<version> packaging\windows\ita-desktop.iss -> dist\windows\ITA-Desktop-Setup-<version>.exe
; The same file is compiled by .github/workflows/windows.yml on Windows and by
; packaging/windows/build_under_wine.sh under Wine on Linux.
; The version comes from the built ita-desktop.exe (its version resource, made from
; ita_desktop.__version__); pass /DAppVersion=1.2.3 to override. docs/install-windows.md has the
; build, signing, silent-install and data-folder details.

#define AppName "ITA Desktop"
#define SourceDir "..\..\dist\ITA Desktop"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourceDir) + "ita-desktop.exe")
#endif

[Setup]
; Never change AppId: it is how a new version finds and replaces the old one.
AppId={{6C0E2B8A-3F1D-4B7E-9A52-1D8C4E7F0A31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; per user only: installs under %LOCALAPPDATA%\Programs, registry under HKCU, no UAC prompt.
; {localappdata}\Programs is where {autopf} points for a per-user install on Windows; it is
; spelled out because {autopf} fails under Wine ("Failed to expand shell folder constant"),
; where the setup file is tested. No /ALLUSERS override: the data folder is per user anyway.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
; an upgrade closes a running copy first (files in use cannot be replaced)
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\windows
OutputBaseFilename=ITA-Desktop-Setup-{#AppVersion}
SetupIconFile=..\..\ita_desktop\data\icons\ita-desktop.ico
UninstallDisplayIcon={app}\ita-desktop.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
InfoAfterFile={#SourceDir}\THIRD-PARTY-NOTICES.txt

[Languages]
; Inno Setup ships no Thai: our Thai.isl overrides the English messages it translates (the
; rest stay English rather than missing).
Name: "th"; MessagesFile: "compiler:Default.isl,Thai.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
th.DesktopIcon=สร้างไอคอนบนเดสก์ท็อป
en.DesktopIcon=Create a &desktop icon
th.Associate=เปิดไฟล์แพ็กเกจรายงาน (.itapkg) และไฟล์กรอบการประเมิน (.itaform) ด้วย ITA Desktop
en.Associate=Open report packages (.itapkg) and framework files (.itaform) with ITA Desktop
th.PackageType=แพ็กเกจรายงาน ITA
en.PackageType=ITA report package
th.FrameworkType=ไฟล์กรอบการประเมิน ITA
en.FrameworkType=ITA framework file
th.CommandLine=ITA Desktop (บรรทัดคำสั่ง)
en.CommandLine=ITA Desktop (command line)
th.DeleteData=ลบข้อมูลรายงานทั้งหมดของคุณด้วยหรือไม่?%n%n%1%n%nเลือก "ไม่" เพื่อเก็บรายงานไว้ (แนะนำ) — ติดตั้งใหม่ภายหลังแล้วรายงานเดิมยังอยู่
en.DeleteData=Also delete all your reports?%n%n%1%n%nChoose "No" to keep them (recommended): a later install finds them again.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
Name: "associate"; Description: "{cm:Associate}"

[Files]
; the PyInstaller folder: both programs, _internal\, THIRD-PARTY-NOTICES.txt
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade must not keep libraries the new version no longer ships
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\ita-desktop.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\ita-desktop.exe"; Tasks: desktopicon

[Registry]
; per-user file association (HKA = HKCU when installed without admin rights)
Root: HKA; Subkey: "Software\Classes\.itapkg"; ValueType: string; ValueName: ""; ValueData: "ITADesktop.itapkg"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.itapkg\OpenWithProgids"; ValueType: string; ValueName: "ITADesktop.itapkg"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itapkg"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itapkg\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ita-desktop.exe,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itapkg\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ita-desktop.exe"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\ita-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".itapkg"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.itaform"; ValueType: string; ValueName: ""; ValueData: "ITADesktop.itaform"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.itaform\OpenWithProgids"; ValueType: string; ValueName: "ITADesktop.itaform"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itaform"; ValueType: string; ValueName: ""; ValueData: "{cm:FrameworkType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itaform\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ita-desktop.exe,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\ITADesktop.itaform\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ita-desktop.exe"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\ita-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".itaform"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\ita-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; logs and caches the program wrote next to itself (none expected); the data folder is below
Type: dirifempty; Name: "{app}"

[Code]
{ The user's reports live in %LOCALAPPDATA%\ITA Desktop (platformdirs, not roaming). Uninstall
  keeps them unless the user says so, or IT passes /DELETEDATA to a silent uninstall. }
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

function WantsDataDeleted(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/DELETEDATA') = 0 then
      Result := True;
  if (not Result) and (not UninstallSilent) and DirExists(DataDir()) then
    Result := MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataDir()]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and WantsDataDeleted() then
    DelTree(DataDir(), True, True, True);
end;
