; 研修通 — Inno Setup script: per-user Windows installer for the PyInstaller bundle.
;
;   iscc /DAppVersion=0.1.0 packaging\installer.iss        (packaging\build_windows.ps1 does this)
;
; Input:  dist\yanxiu-desktop\  (pyinstaller packaging\yanxiu.spec)
; Output: dist\yanxiu-desktop-<version>-setup.exe
;
; - Written for Inno Setup 6.5 or newer 6.x (Unicode).  This file is UTF-8 *with BOM*: keep the BOM, or
;   the Chinese text below is read in the build machine's ANSI code page and comes out garbled.
; - Wizard in Simplified Chinese: compiler:Languages\ChineseSimplified.isl, a community translation
;   maintained by Zhenghan Yang (Kira), https://github.com/kira-96/Inno-Setup-Chinese-Simplified-Translation.
;   For years it was "unofficial" (offered at https://jrsoftware.org/files/istrans/, not installed by the
;   Inno Setup installer); Inno Setup 6.5 ships it in its Languages folder.  With an older Inno Setup copy the
;   file for that version from the link above into <Inno Setup>\Languages\ (the check below says so).
; - Per-user install, no administrator: {autopf} is %LOCALAPPDATA%\Programs under PrivilegesRequired=lowest.
; - Uninstall removes only the program folder.  The user's data — database, backups, attachment archive —
;   lives in %LOCALAPPDATA%\yanxiu_desktop (yanxiu_desktop/paths.py: platformdirs user_data_dir
;   ("yanxiu_desktop", appauthor=False, roaming=False)); nothing here deletes it, and a reinstall finds it.

#define AppName "研修通"
#define AppExe "yanxiu-desktop.exe"
#define RootDir AddBackslash(SourcePath) + ".."
#define BundleDir RootDir + "\dist\yanxiu-desktop"
#ifndef AppVersion
  ; No /DAppVersion=: take the version resource PyInstaller wrote from yanxiu_desktop.__version__.
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error 找不到版本号：请先运行 pyinstaller packaging\yanxiu.spec，或用 /DAppVersion=x.y.z 指定
#endif
#if !FileExists(BundleDir + "\" + AppExe)
  #error 找不到 dist\yanxiu-desktop\yanxiu-desktop.exe：请先运行 pyinstaller packaging\yanxiu.spec
#endif
#if !FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #error Inno Setup 的 Languages 文件夹里没有 ChineseSimplified.isl：请安装 Inno Setup 6.5 或更新版本，或从 https://jrsoftware.org/files/istrans/ 下载对应版本的文件放进去
#endif

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{2C8CF7C9-47E3-4E95-8FB6-FBECBBA6D2B6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=研修通开发组
AppComments=农村学校校本研修管理（离线桌面版）
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\Yanxiu
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RootDir}\dist
OutputBaseFilename=yanxiu-desktop-{#AppVersion}-setup
SetupIconFile={#RootDir}\resources\icons\yanxiu.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
Compression=lzma2/max
SolidCompression=yes
; Closes a running 研修通 before files are replaced (Windows Restart Manager).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle, so no library of the previous version lingers.  Program folder only.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "校本研修管理"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the data folder is deliberately kept.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\yanxiu_desktop');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox('研修通已卸载。' + #13#10#13#10 +
        '您的数据（数据库、自动备份、附件）没有删除，仍保存在：' + #13#10 + DataDir + #13#10#13#10 +
        '重新安装后会继续使用这些数据。如确定不再需要，可以先用“备份”导出到U盘，再手动删除该文件夹。',
        mbInformation, MB_OK);
  end;
end;
