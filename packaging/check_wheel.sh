#!/usr/bin/env bash
# As a new user would: build the wheel, install it (not editable) into a fresh virtualenv, and
# from a folder outside the source tree, without network where `unshare -n` works, run
# `ita forms list` (both forms), `ita demo`, `ita render` (Sarabun embedded) and `ita self-test`.
# .ci/run calls this; it also runs by hand:  bash packaging/check_wheel.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# build from a copy of the files git knows (tracked + new, not ignored): a stale build/ folder
# or an untracked leftover must not make the wheel look complete
mkdir "$WORK/src"
(cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 tar -cf - ) | tar -xf - -C "$WORK/src"
"$PY" -m pip wheel -q --no-deps -w "$WORK/wheel" "$WORK/src"
WHEEL="$(ls "$WORK"/wheel/ita_desktop-*.whl)"
"$PY" - "$WHEEL" <<'PYEOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["ita_desktop/data/fonts/Sarabun-Regular.ttf", "ita_desktop/data/fonts/Sarabun-Bold.ttf",
        "ita_desktop/data/forms/ita-2567.yaml", "ita_desktop/data/forms/ita-2568.yaml",
        "ita_desktop/data/demo/pathumwan-2567-6m.json",
        "ita_desktop/data/locale/th/LC_MESSAGES/ita_desktop.mo",
        "ita_desktop/data/icons/ita-desktop.png", "ita_desktop/data/selftest/tiny.heic"]
missing = [n for n in need if n not in names]
stray = [n for n in names if n.endswith((".po", ".pot")) or "/data/" in n and n.endswith(".py")]
assert not missing and not stray, f"wheel: missing {missing}, should not ship {stray}"
print(f"wheel ok: {sys.argv[1].rsplit('/', 1)[-1]}, {len(names)} files")
PYEOF

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WHEEL"

cd "$WORK" && mkdir elsewhere && cd elsewhere   # nothing of the checkout on the path
export ITA_DESKTOP_HOME="$WORK/home"
NET=()
if unshare -n true 2>/dev/null; then NET=(unshare -n); fi
ita() { "${NET[@]}" "$WORK/venv/bin/ita" "$@"; }

ita forms list | tee forms.txt
grep -q '^ita-2567' forms.txt && grep -q '^ita-2568' forms.txt
id="$(ita demo --db demo.sqlite)"
ita render "$id" --db demo.sqlite -o demo.pdf
"$WORK/venv/bin/python" - <<'PYEOF'
from pypdf import PdfReader
fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
         for page in PdfReader("demo.pdf").pages
         for f in page["/Resources"]["/Font"].values()}
assert {"Sarabun-Regular", "Sarabun-Bold"} <= fonts, fonts
print("demo.pdf embeds", ", ".join(sorted(fonts)))
PYEOF
ita self-test
echo "wheel check passed (network: ${NET[*]:-available})"
