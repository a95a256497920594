; 信访工作台 — Windows installer (issue #18), built on Linux with Debian's makensis 3.08 by
; scripts/package/windows.sh:
;   makensis -DVERSION=0.1.0 -DSRCDIR=dist/windows -DICON=src-tauri/icons/icon.ico \
;            -DOUTFILE=dist/windows/信访工作台-0.1.0-setup.exe packaging/windows/installer.nsi
;
; Per-user: no administrator rights, installs into %LOCALAPPDATA%\Programs\信访工作台,
; registers in Apps & features under HKCU. Nothing is downloaded. The desktop window needs
; the Microsoft Edge WebView2 runtime (part of Windows 10/11); without it the browser
; edition (`xinfang.exe serve --open`) is installed as the shortcut instead.
; Uninstalling never touches the ledger (%APPDATA%\xinfang\xinfang-desk\data\).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifdef FAST_COMPRESSION
  SetCompressor zlib ; quick test builds only
!else
  SetCompressor /SOLID lzma
!endif

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Win\COM.nsh
!include Win\Propkey.nsh

!ifndef VERSION
  !error "makensis -DVERSION=…"
!endif
!ifndef SRCDIR
  !error "makensis -DSRCDIR=<folder with xinfang.exe, xinfang-desk.exe, WebView2Loader.dll>"
!endif
!ifndef OUTFILE
  !define OUTFILE "信访工作台-${VERSION}-setup.exe"
!endif

!define PRODUCT "信访工作台"
!define BROWSER_NAME "信访工作台（浏览器版）"
; The bundle identifier (tauri.conf.json) = the AppUserModelID Windows needs for toasts.
!define AUMID "cn.xinfang.desk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${AUMID}"
; The WebView2 runtime's client id (Microsoft's distribution guide).
!define WV2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "启动信访工作台"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Var HasWebView2

; Sets $0 to the WebView2 runtime's version, or "" when it is not installed (per-machine
; in the 32-bit registry view, or per-user).
!macro WebView2Version
  StrCpy $0 ""
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
!macroend

; Gives the shortcut ${lnk} the AppUserModelID; writes the result to install.log.
!macro SetAumid lnk
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  Push $7
  StrCpy $4 "failed"
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P<> 0
    ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
    ${If} $1 P<> 0
      ${IPersistFile::Load} $1 '("${lnk}",${STGM_READWRITE}).r2'
      ${If} $2 = 0
        ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r2)'
        ${If} $2 P<> 0
          System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r3'
          ; PROPVARIANT { vt = VT_LPWSTR, pwszVal = "cn.xinfang.desk" }
          System::Call 'SHLWAPI::SHStrDupW(w "${AUMID}", *p.r4)i'
          System::Call '*(&i2 ${VT_LPWSTR}, &i6 0, p r4, &i8 0)p.r5'
          ${IPropertyStore::SetValue} $2 '($3,$5).r6'
          ${IPropertyStore::Commit} $2 '().r7'
          System::Call 'OLE32::CoTaskMemFree(p r4)'
          System::Free $3
          System::Free $5
          ${IUnknown::Release} $2 ""
          ${IPersistFile::Save} $1 '("${lnk}",1).r2'
          StrCpy $4 "SetValue=$6 Commit=$7 Save=$2"
        ${EndIf}
      ${EndIf}
      ${IUnknown::Release} $1 ""
    ${EndIf}
    ${IUnknown::Release} $0 ""
  ${EndIf}
  FileWriteUTF16LE $9 "aumid ${lnk}: $4$\r$\n"
  Pop $7
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
!macroend

Function .onInit
  SetShellVarContext current
  !insertmacro WebView2Version
  ${If} $0 == ""
    StrCpy $HasWebView2 "0"
  ${Else}
    StrCpy $HasWebView2 "1"
  ${EndIf}
FunctionEnd

Function LaunchApp
  ${If} $HasWebView2 == "1"
    Exec '"$INSTDIR\xinfang-desk.exe"'
  ${Else}
    Exec '"$INSTDIR\xinfang.exe" serve --open'
  ${EndIf}
FunctionEnd

Section "信访工作台" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; A running copy holds its files (a running .exe cannot be opened for writing): ask the
  ; clerk to close it (tray menu 退出).
  retry:
  ${If} ${FileExists} "$INSTDIR\xinfang-desk.exe"
    ClearErrors
    FileOpen $0 "$INSTDIR\xinfang-desk.exe" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "信访工作台正在运行。请在托盘图标的菜单中点“退出”，然后点“重试”。" /SD IDCANCEL IDRETRY retry
      Abort "信访工作台正在运行，安装已取消。"
    ${Else}
      FileClose $0
    ${EndIf}
  ${EndIf}

  File "${SRCDIR}\xinfang-desk.exe"
  File "${SRCDIR}\WebView2Loader.dll"
  File "${SRCDIR}\xinfang.exe"
  !ifdef ICON
    File /oname=xinfang.ico "${ICON}"
  !endif
  WriteUninstaller "$INSTDIR\uninstall.exe"

  FileOpen $9 "$INSTDIR\install.log" w
  FileWriteWord $9 0xFEFF
  FileWriteUTF16LE $9 "version ${VERSION}$\r$\n"
  !insertmacro WebView2Version
  FileWriteUTF16LE $9 "webview2 [$0]$\r$\n"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  ${If} $HasWebView2 == "1"
    CreateShortCut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\xinfang-desk.exe" "" "$INSTDIR\xinfang-desk.exe" 0
    !insertmacro SetAumid "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
    CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\xinfang-desk.exe" "" "$INSTDIR\xinfang-desk.exe" 0
    !insertmacro SetAumid "$DESKTOP\${PRODUCT}.lnk"
    ; A browser-edition shortcut left by an earlier install without WebView2.
    Delete "$SMPROGRAMS\${PRODUCT}\${BROWSER_NAME}.lnk"
    Delete "$DESKTOP\${BROWSER_NAME}.lnk"
  ${Else}
    MessageBox MB_OK|MB_ICONINFORMATION "这台电脑没有安装 Microsoft Edge WebView2 运行时，信访工作台的桌面窗口需要它。$\r$\n$\r$\n本次安装改为“${BROWSER_NAME}”：在本机浏览器中使用，台账和功能相同，不需要联网。$\r$\n$\r$\n请管理员安装 WebView2 运行时（Windows 10/11 一般自带；离线安装包可从微软官网下载后拷入）后，再运行一次本安装程序即可使用桌面窗口。" /SD IDOK
    CreateShortCut "$SMPROGRAMS\${PRODUCT}\${BROWSER_NAME}.lnk" "$INSTDIR\xinfang.exe" "serve --open" "$INSTDIR\xinfang.ico" 0 SW_SHOWMINIMIZED
    !insertmacro SetAumid "$SMPROGRAMS\${PRODUCT}\${BROWSER_NAME}.lnk"
    CreateShortCut "$DESKTOP\${BROWSER_NAME}.lnk" "$INSTDIR\xinfang.exe" "serve --open" "$INSTDIR\xinfang.ico" 0 SW_SHOWMINIMIZED
    !insertmacro SetAumid "$DESKTOP\${BROWSER_NAME}.lnk"
  ${EndIf}
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\卸载信访工作台.lnk" "$INSTDIR\uninstall.exe"
  FileClose $9

  ; Apps & features (per user).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "信访工作台"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\xinfang-desk.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; The ledger, its backups, attachments and documents live under %APPDATA%\xinfang\ (or
; wherever --db points): the uninstaller removes only what the installer put down.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\${BROWSER_NAME}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载信访工作台.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  Delete "$DESKTOP\${BROWSER_NAME}.lnk"
  Delete "$INSTDIR\xinfang-desk.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\xinfang.exe"
  Delete "$INSTDIR\xinfang.ico"
  Delete "$INSTDIR\install.log"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ; Start at login (tauri-plugin-autostart writes this value).
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${PRODUCT}"
SectionEnd
