#!/usr/bin/env bash
# The smoke steps of issue 16 item 2, on the built setup file, in a FRESH Wine prefix whose user
# has a Thai name with a space (C:\users\สมชาย ใจดี), installing as that user without admin
# rights. Sourced by build_under_wine.sh (which mounts the chroot); prints a summary and
# returns non-zero when a step fails. Standalone, after a build:
#     sudo bash packaging/windows/smoke_under_wine.sh
set -uo pipefail

SMOKE_USER="สมชาย ใจดี"

seconds_since() {  # $1: date +%s%N -> seconds with one decimal
    local tenths=$(( ($(date +%s%N) - $1) / 100000000 ))
    echo "$(( tenths / 10 )).$(( tenths % 10 ))"
}

smoke() {
    local chroot="$1" root="$2" setup="$3"
    local prefix="$root/build/winbuild/prefix-smoke"
    local out="$root/build/winbuild/smoke"
    local win_user_dir="C:\\users\\$SMOKE_USER"
    local host_user_dir="$prefix/drive_c/users/$SMOKE_USER"
    local app_win="$win_user_dir\\AppData\\Local\\Programs\\ITA Desktop"
    local app_host="$host_user_dir/AppData/Local/Programs/ITA Desktop"
    local data_host="$host_user_dir/AppData/Local/ITA Desktop"
    local docs_win="$win_user_dir\\Documents\\รายงาน ITA"
    local docs_host="$host_user_dir/Documents/รายงาน ITA"
    local -a summary=()
    local failed=0 t0 rc
    export WINE_USER="$SMOKE_USER"
    set +e  # every step runs and is reported, failed or not (the build script sets -e)

    pass() { summary+=("PASS  $*"); }
    fail() { summary+=("FAIL  $*"); failed=1; }
    # run a Windows program in the smoke prefix, on the Xvfb screen (even a /VERYSILENT setup
    # makes its hidden wizard window: without a screen it fails with "Invalid window handle"),
    # output through a pipe (see the build script)
    wrun() { CHROOT_ENV="DISPLAY=:77" in_chroot_prefix "$prefix" \
        bash -c 'set -o pipefail; "$@" 2>&1 | cat' wrun "$@"; }
    xrun() { wrun "$@"; }

    rm -rf "$prefix" "$out" && mkdir -p "$out"
    chroot "$chroot" /usr/bin/env -i PATH=/usr/bin:/bin Xvfb :77 -screen 0 1280x800x24 \
        -nolisten tcp > "$out/xvfb.txt" 2>&1 &
    local xvfb=$!
    sleep 2
    step "smoke: fresh prefix for user '$SMOKE_USER'"
    # on the screen too: the prefix's desktop (explorer.exe) is made here and the later
    # programs join it; made without a screen, the setup's windows fail (error 1400)
    wrun wineboot --init >/dev/null 2>&1
    [ -d "$host_user_dir" ] || { fail "prefix user folder $host_user_dir"; kill "$xvfb"; smoke_summary; return 1; }
    install_icu_stub "$chroot" "$root" "$prefix" "$root/dist/ITA Desktop/_internal/PySide6/Qt6Core.dll"

    step "smoke: silent per-user install"
    t0=$(date +%s%N)
    wrun wine "Z:\\src${setup#"$root"}" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
        /TASKS=associate '/LOG=C:\install.log' > "$out/install.txt"
    rc=$?
    local install_s; install_s=$(seconds_since "$t0")
    if [ $rc = 0 ] && [ -f "$app_host/ita.exe" ] && [ -f "$app_host/ita-desktop.exe" ]; then
        pass "silent per-user install in ${install_s}s into $app_win"
    else
        fail "silent install (exit $rc): see $prefix/drive_c/install.log"
    fi
    INSTALLED_MB=$(du -sm "$app_host" 2>/dev/null | cut -f1)
    SETUP_MB=$(du -m "$setup" | cut -f1)

    step "smoke: ita.exe self-test / demo / render"
    mkdir -p "$docs_host"
    t0=$(date +%s%N)
    if wrun wine "$app_win\\ita.exe" self-test > "$out/ita-self-test.txt"; then
        pass "ita.exe self-test ($(seconds_since "$t0")s, first start)"
    else
        fail "ita.exe self-test: $(tail -3 "$out/ita-self-test.txt")"
    fi
    local report_id
    report_id=$(wrun wine "$app_win\\ita.exe" demo --db "$docs_win\\ทดสอบ.sqlite" | tr -d '\r' | tail -1)
    if [ -n "$report_id" ] && [ -f "$docs_host/ทดสอบ.sqlite" ]; then
        pass "ita.exe demo -> report $report_id in a Thai-named database"
    else
        fail "ita.exe demo: '$report_id'"
    fi
    wrun wine "$app_win\\ita.exe" render "$report_id" --db "$docs_win\\ทดสอบ.sqlite" \
        -o "$docs_win\\รายงาน ทดสอบ.pdf" > "$out/render.txt"
    if [ -f "$docs_host/รายงาน ทดสอบ.pdf" ] && "${CHECK_PY:-$root/.venv/bin/python}" \
            "$root/packaging/windows/check_pdf.py" "$docs_host/รายงาน ทดสอบ.pdf" \
            "$docs_host/ทดสอบ.sqlite" "$report_id" > "$out/pdf-check.txt" 2>&1; then
        pass "ita.exe render: $(tail -1 "$out/pdf-check.txt")"
    else
        fail "ita.exe render / Thai PDF checks: $(tail -3 "$out/pdf-check.txt" "$out/render.txt" 2>/dev/null)"
    fi

    step "smoke: ita-desktop.exe --self-test and the window under Xvfb"
    xrun wine "$app_win\\ita-desktop.exe" --self-test > "$out/gui-self-test.txt"
    rc=$?
    local self_test_txt="$data_host/logs/self-test.txt"
    if [ $rc = 0 ] && grep -q "ok    Qt: platform windows" "$self_test_txt" 2>/dev/null; then
        pass "ita-desktop.exe --self-test: $(grep 'Qt:' "$self_test_txt" | head -1)"
    else
        fail "ita-desktop.exe --self-test (exit $rc): $(cat "$self_test_txt" 2>/dev/null | tail -3)"
    fi
    t0=$(date +%s)
    xrun wine "$app_win\\ita-desktop.exe" > "$out/gui.txt" &
    local gui=$!
    # the window is up when its title shows in the X tree (cold start measured to that point)
    local shown=""
    for _ in $(seq 1 90); do
        if in_chroot env DISPLAY=:77 xwininfo -root -tree 2>/dev/null | grep "ITA Desktop" >/dev/null; then
            shown=$(( $(date +%s) - t0 )); break
        fi
        sleep 1
    done
    sleep 4  # let it paint
    local shot="$root/docs/screenshots/windows-main.png"
    in_chroot sh -c 'xwd -root -display :77 | xwdtopnm 2>/dev/null | pnmtopng' > "$out/window.png" 2>/dev/null
    if [ -n "$shown" ] && [ -s "$out/window.png" ]; then
        cp "$out/window.png" "$shot"
        COLD_START_S=$shown
        pass "ita-desktop.exe window shown on Xvfb after ${shown}s (screenshot $out/window.png)"
    else
        fail "ita-desktop.exe window did not appear within 90 s: $(tail -3 "$out/gui.txt")"
    fi
    in_chroot_prefix "$prefix" wineserver -k >/dev/null 2>&1
    wait "$gui" 2>/dev/null

    step "smoke: .itapkg association, uninstall keeps the data"
    local assoc
    assoc=$(wrun wine reg query 'HKCU\Software\Classes\ITADesktop.itapkg\shell\open\command' | tr -d '\r' | grep -i REG_SZ)
    # (grep without -q: an early close would fail the pipe under pipefail)
    if echo "$assoc" | grep 'ita-desktop.exe" "%1"' >/dev/null &&
            wrun wine reg query 'HKCU\Software\Classes\.itapkg' | grep ITADesktop.itapkg >/dev/null; then
        pass ".itapkg opens with:${assoc#*REG_SZ}"
    else
        fail ".itapkg association not registered: $assoc"
    fi
    wrun wine "$app_win\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART > "$out/uninstall.txt"
    rc=$?
    sleep 3  # the uninstaller finishes from a temporary copy of itself
    if [ $rc = 0 ] && [ ! -e "$app_host/ita.exe" ] && [ -f "$data_host/logs/self-test.txt" ]; then
        pass "silent uninstall removed the program, kept $data_host"
    else
        fail "uninstall (exit $rc): program left=$( [ -e "$app_host/ita.exe" ] && echo yes || echo no), data kept=$( [ -d "$data_host" ] && echo yes || echo no)"
    fi
    in_chroot_prefix "$prefix" wineserver -k >/dev/null 2>&1
    kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null
    smoke_summary
    return $failed
}

smoke_summary() {
    printf '\n==== Windows smoke summary (Wine %s, prefix user "%s") ====\n' \
        "$(in_chroot wine --version 2>/dev/null)" "$SMOKE_USER"
    printf '%s\n' "${summary[@]}"
    printf 'setup %s MB, installed %s MB, cold start to window %s s\n' \
        "${SETUP_MB:-?}" "${INSTALLED_MB:-?}" "${COLD_START_S:-?}"
    [ "$failed" = 0 ] && echo "ALL SMOKE STEPS PASSED" || echo "SOME SMOKE STEPS FAILED"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then  # standalone: mount, smoke, unmount
    set -e
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    CHROOT="$ROOT/build/winbuild/chroot"
    START=$(date +%s)
    step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - START ))"; }
    source "$ROOT/packaging/windows/winbuild_chroot.sh"
    mount_chroot "$CHROOT" "$ROOT"
    trap 'umount_chroot "$CHROOT"' EXIT
    VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/ita_desktop/__init__.py")
    set +e
    smoke "$CHROOT" "$ROOT" "$ROOT/dist/windows/ITA-Desktop-Setup-$VERSION.exe"
fi
