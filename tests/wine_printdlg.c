/* Wine's print dialog as ITA Desktop's Qt opens it (PrintDlgExW with PD_RETURNDC,
 * PD_USEDEVMODECOPIESANDCOLLATE, PD_NOSELECTION, pages 1-10), in a program of its own: prints
 * what the dialog hands back, so tests/test_windows.py can tell Wine's part from the app's.
 * Built with mingw-w64 in the Wine chroot (tests/wine_prefix.py, mingw).
 *
 *     wine_printdlg.exe   -> "result <hr> action <n> flags <hex> printtofile <0|1>",
 *                            "device <name> port <port>"
 */
#include <windows.h>
#include <commdlg.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    PRINTDLGEXW pd;
    PRINTPAGERANGE range = {1, 1};
    HRESULT hr;
    BOOL (WINAPI *aware)(HANDLE) = (void *)GetProcAddress(GetModuleHandleA("user32"),
                                                           "SetProcessDpiAwarenessContext");
    HWND owner;

    if (aware)
        aware((HANDLE)-4); /* per-monitor v2, as Qt 6 sets it */
    owner = CreateWindowA("STATIC", "owner", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 600, 500,
                          NULL, NULL, NULL, NULL);
    memset(&pd, 0, sizeof(pd));
    pd.lStructSize = sizeof(pd);
    pd.hwndOwner = owner;
    pd.Flags = PD_RETURNDC | PD_USEDEVMODECOPIESANDCOLLATE | PD_NOSELECTION;
    pd.nMaxPageRanges = 1;
    pd.nPageRanges = 1;
    pd.lpPageRanges = &range;
    pd.nMinPage = 1;
    pd.nMaxPage = 10;
    pd.nCopies = 1;
    pd.nStartPage = START_PAGE_GENERAL;
    hr = PrintDlgExW(&pd);
    printf("result %lx action %lu flags %lx printtofile %d\n", (unsigned long)hr,
           pd.dwResultAction, pd.Flags, (pd.Flags & PD_PRINTTOFILE) ? 1 : 0);
    if (pd.hDevNames) {
        DEVNAMES *names = GlobalLock(pd.hDevNames);
        printf("device %ls port %ls\n", (WCHAR *)names + names->wDeviceOffset,
               (WCHAR *)names + names->wOutputOffset);
        GlobalUnlock(pd.hDevNames);
    }
    fflush(stdout);
    return 0;
}
