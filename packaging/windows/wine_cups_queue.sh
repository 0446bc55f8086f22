#!/usr/bin/env bash
# The host's CUPS queue that the Windows program under Wine prints to (issue 20, item 4):
#     sudo bash packaging/windows/wine_cups_queue.sh        # add (or re-add) the queue
# `ita-wine`, a cups-pdf instance of its own (device cups-pdf:/wine, so its settings are
# /etc/cups/cups-pdf-wine.conf and its PDFs land in /var/spool/cups-pdf/ita-wine, apart from
# .ci/cups.sh's ita-pdf). Wine's winspool finds it through libcups: the chroot gets the host's
# /run/cups (winbuild_chroot.sh, mount_chroot) and libcups2t64. cupsd must already run (e.g.
# `source .ci/cups.sh && cups_start`); this script neither starts nor stops it, and leaves every
# other queue alone. Exit 0 and the folder on stdout; exit 1 and the reason on stderr.
set -euo pipefail

ITA_WINE_QUEUE=${ITA_WINE_QUEUE:-ita-wine}
ITA_WINE_OUT=${ITA_WINE_OUT:-/var/spool/cups-pdf/ita-wine}
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

fail() { echo "wine_cups_queue.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (lpadmin, /etc/cups)"
command -v lpadmin >/dev/null || fail "no CUPS here (apt-get install cups printer-driver-cups-pdf)"
[ -x /usr/lib/cups/backend/cups-pdf ] && [ -f "$PPD" ] \
    || fail "no cups-pdf (apt-get install printer-driver-cups-pdf)"
lpstat -r 2>/dev/null | grep -q "is running" || fail "cupsd is not running (source .ci/cups.sh && cups_start)"

mkdir -p "$ITA_WINE_OUT" && chmod 1777 "$ITA_WINE_OUT"
# every job (any user, root and Wine's user too) into one folder the tests read (no comment
# line in it: cups-pdf took one for part of the output file's name)
cat > /etc/cups/cups-pdf-wine.conf <<EOF
Out $ITA_WINE_OUT
AnonDirName $ITA_WINE_OUT
UserUMask 0000
Grp lpadmin
DecodeHexStrings 1
EOF
if ! lpstat -v "$ITA_WINE_QUEUE" >/dev/null 2>&1; then
    lpadmin -p "$ITA_WINE_QUEUE" -E -v cups-pdf:/wine -P "$PPD" -o PageSize=A4 \
        -D "ITA Desktop: Wine's printer (cups-pdf)" || fail "lpadmin could not add $ITA_WINE_QUEUE"
fi
cupsenable "$ITA_WINE_QUEUE" && cupsaccept "$ITA_WINE_QUEUE"
echo "$ITA_WINE_OUT"
