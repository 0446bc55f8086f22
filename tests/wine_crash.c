/* Crashes a running Windows program from outside, the way a hard fault inside it would: a thread
 * of its own is started in that process at address 0, so the process takes an access violation
 * (EXCEPTION_ACCESS_VIOLATION) and dies of it. tests/test_windows.py uses it to prove, with no
 * hook in the program, that faulthandler writes logs\crash.log on Windows and that the next
 * start moves it into logs\ita-desktop.log. Built with mingw-w64 in the Wine chroot
 * (tests/wine_prefix.py, build_crash_tool).
 *
 *     wine_crash.exe ita-desktop.exe     -> 0: the thread was started; 1: no such process; 2: refused
 */
#include <windows.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    PROCESSENTRY32 entry;
    HANDLE snapshot, process, thread;
    DWORD pid = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: wine_crash.exe NAME.exe\n");
        return 2;
    }
    snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "CreateToolhelp32Snapshot failed: %lu\n", GetLastError());
        return 2;
    }
    entry.dwSize = sizeof(entry);
    if (Process32First(snapshot, &entry)) {
        do {
            if (_stricmp(entry.szExeFile, argv[1]) == 0) {
                pid = entry.th32ProcessID;  /* the newest one wins: the list is in start order */
            }
        } while (Process32Next(snapshot, &entry));
    }
    CloseHandle(snapshot);
    if (!pid) {
        fprintf(stderr, "no process %s\n", argv[1]);
        return 1;
    }
    process = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid);
    if (!process) {
        fprintf(stderr, "OpenProcess(%lu) failed: %lu\n", pid, GetLastError());
        return 2;
    }
    thread = CreateRemoteThread(process, NULL, 0, (LPTHREAD_START_ROUTINE)0, NULL, 0, NULL);
    if (!thread) {
        fprintf(stderr, "CreateRemoteThread failed: %lu\n", GetLastError());
        CloseHandle(process);
        return 2;
    }
    printf("crashing process %lu (%s)\n", pid, argv[1]);
    CloseHandle(thread);
    CloseHandle(process);
    return 0;
}
