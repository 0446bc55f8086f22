#!/usr/bin/env bash
# A real print system for the print tests: CUPS with the cups-pdf virtual printer.
# Sourced by .ci/run: `cups_start` installs (only when missing), starts cupsd, adds the queue
# ita-pdf and exports ITA_CUPS_QUEUE / ITA_CUPS_OUT (where cups-pdf writes the spooled PDFs);
# `cups_stop` stops the cupsd it started. Where CUPS cannot start, ITA_CUPS_SKIP says why and
# the real-queue tests skip with that reason.
ITA_CUPS_QUEUE=ita-pdf
ITA_CUPS_OUT=/var/spool/cups-pdf/ita
_cups_started=0

_cups_up() { lpstat -r 2>/dev/null | grep -q "is running"; }

cups_start() {
    if [ "$(id -u)" != 0 ]; then
        export ITA_CUPS_SKIP="not root: cannot install/start cupsd here"; return 0
    fi
    local need=()
    for pkg in cups printer-driver-cups-pdf; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [ ${#need[@]} -gt 0 ]; then
        apt-get -o DPkg::Lock::Timeout=600 update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
            --no-install-recommends "${need[@]}" \
            || { export ITA_CUPS_SKIP="apt-get could not install ${need[*]}"; return 0; }
    fi
    mkdir -p "$ITA_CUPS_OUT" && chmod 1777 "$ITA_CUPS_OUT"
    # every job (any user, root too) into one folder the tests read
    sed -i -E "s|^#?Out .*|Out $ITA_CUPS_OUT|; s|^#?AnonDirName .*|AnonDirName $ITA_CUPS_OUT|; \
s|^#?UserUMask .*|UserUMask 0000|" /etc/cups/cups-pdf.conf
    if ! _cups_up; then
        /usr/sbin/cupsd || { export ITA_CUPS_SKIP="cupsd did not start"; return 0; }
        _cups_started=1
        for _ in $(seq 50); do _cups_up && break; sleep 0.2; done
    fi
    _cups_up || { export ITA_CUPS_SKIP="cupsd started but does not answer"; return 0; }
    lpadmin -x "$ITA_CUPS_QUEUE" >/dev/null 2>&1 || true
    lpadmin -p "$ITA_CUPS_QUEUE" -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
        -o PageSize=A4 \
        || { export ITA_CUPS_SKIP="lpadmin could not add the cups-pdf queue"; return 0; }
    export ITA_CUPS_QUEUE ITA_CUPS_OUT
    echo "CUPS: queue $ITA_CUPS_QUEUE, spooled PDFs in $ITA_CUPS_OUT" >&2
}

cups_stop() {
    [ -n "${ITA_CUPS_QUEUE:-}" ] && lpadmin -x "$ITA_CUPS_QUEUE" >/dev/null 2>&1 || true
    if [ "$_cups_started" = 1 ] && [ -f /run/cups/cupsd.pid ]; then
        kill "$(cat /run/cups/cupsd.pid)" 2>/dev/null || true
    fi
}
