; PIM Approvals: electron-builder's NSIS include (electron-builder.yml nsis.include).
;
; Windows delivers a click on a toast whose app is not running (Action Center, a cold start)
; to the COM class named by the Start-menu shortcut's System.AppUserModel.ToastActivatorCLSID.
; Electron 45 registers its activator under the CLSID the app sets with
; app.setToastActivatorCLSID (main/electron/windows-identity.ts) and would stamp the shortcut
; itself only once the app runs (electron/electron
; shell/browser/notifications/win/windows_toast_activator.cc, EnsureShortcut and
; EnsureCLSIDRegistry). An install or update rewrites the shortcut without it, so the
; installer stamps the same CLSID and registers the same LocalServer32 entry right away.
; Keep TOAST_CLSID equal to TOAST_ACTIVATOR_CLSID in main/core/app-id.ts
; (test/packaging/nsis-include.test.ts checks it).

!define TOAST_CLSID "{B346C388-C58F-40AD-A9EB-9EDF6EF5694D}"
; PKEY_AppUserModel_ToastActivatorCLSID = {9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}, 26 (propkey.h)
!define PKEY_TOAST_FMTID "{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}"
!define PKEY_TOAST_PID 26
!define VT_CLSID 72

!macro customInstall
  ; The COM server Windows starts for an activation: the app's executable (as Electron writes it).
  WriteRegStr HKCU "Software\Classes\CLSID\${TOAST_CLSID}" "" "PIM Approvals toast activator"
  WriteRegDWORD HKCU "Software\Classes\CLSID\${TOAST_CLSID}" "CustomActivator" 1
  WriteRegStr HKCU "Software\Classes\CLSID\${TOAST_CLSID}\LocalServer32" "" "$appExe"

  ${if} ${FileExists} "$newStartMenuLink"
    ; IShellLinkW -> IPersistFile::Load (vtable 5) -> IPropertyStore::SetValue (6), Commit (7)
    ; -> IPersistFile::Save (6). $0 HRESULT, $1 link, $2 persist file, $3 property store,
    ; $4 PROPERTYKEY, $5 PROPVARIANT, $6 the CLSID it points at.
    System::Call "ole32::CoCreateInstance(g '{00021401-0000-0000-C000-000000000046}', p 0, i 1, g '{000214F9-0000-0000-C000-000000000046}', *p .r1) i .r0"
    ${if} $0 == 0
      System::Call "$1->0(g '{0000010B-0000-0000-C000-000000000046}', *p .r2) i .r0"
      ${if} $0 == 0
        System::Call "$2->5(w '$newStartMenuLink', i 2) i .r0"
        ${if} $0 == 0
          System::Call "$1->0(g '{886D8EEB-8CF2-4446-8D02-CDBA1DBDCF99}', *p .r3) i .r0"
          ${if} $0 == 0
            System::Call "*(&g16 '${PKEY_TOAST_FMTID}', i ${PKEY_TOAST_PID}) p .r4"
            System::Call "*(&g16 '${TOAST_CLSID}') p .r6"
            ; PROPVARIANT: vt, three reserved WORDs, then the union (puuid), padded for 64-bit.
            System::Call "*(&i2 ${VT_CLSID}, &i2 0, &i2 0, &i2 0, p r6, p 0) p .r5"
            System::Call "$3->6(p r4, p r5) i .r0"
            ${if} $0 == 0
              System::Call "$3->7() i .r0"
            ${endIf}
            ${if} $0 == 0
              System::Call "$2->6(p 0, i 1) i .r0"
            ${endIf}
            ${if} $0 != 0
              DetailPrint "Toast activator CLSID not stamped on the shortcut (HRESULT $0); the app stamps it on first run"
            ${endIf}
            System::Free $5
            System::Free $6
            System::Free $4
            System::Call "$3->2()"
          ${endIf}
        ${endIf}
        System::Call "$2->2()"
      ${endIf}
      System::Call "$1->2()"
    ${endIf}
  ${endIf}
!macroend

!macro customUnInstall
  DeleteRegKey HKCU "Software\Classes\CLSID\${TOAST_CLSID}"
!macroend
