"""Build a package from a stored report, entirely in memory (the caller saves the bytes).

The photos go in as stored (byte-identical, so an import stores exactly what was sent) unless
``recompress`` asks for smaller copies for the package only (mail size limits). JSON members
are deflated; JPEGs and the PDF are stored as they are (already compressed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from ... import __version__
from ..base.errors import ItaError, NotFoundError
from ..exchange.report_json import report_to_dict
from ..report.model import PhotoRef, Report, now_iso
from ..store import Store, audit
from . import exportcheck, layout
from .layout import Identity, Manifest, Member, PhotoInfo

RECOMPRESS_LONG_SIDE = 1280  # px: still sharp at the size photos are printed in the report
RECOMPRESS_QUALITY = 70


@dataclass(frozen=True)
class Recompress:
    """Photos re-encoded smaller, for the package only (the database keeps the originals)."""

    long_side: int = RECOMPRESS_LONG_SIDE
    quality: int = RECOMPRESS_QUALITY


@dataclass(frozen=True)
class BuiltPackage:
    data: bytes
    file_name: str  # suggested: <agency>-<fiscal year>-<round>.itapkg
    manifest: Manifest

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def over_email_limit(self) -> bool:
        """True when the file passes what common mail services accept (20 MB)."""
        return self.size > layout.EMAIL_LIMIT_BYTES


PdfMaker = Callable[[Report, Store], bytes]


def default_pdf(report: Report, store: Store) -> bytes:
    """The printed report, as ``ita render`` makes it (imported lazily: optional module)."""
    from ..framework.catalog import try_load_framework
    from ..render import render_pdf

    return render_pdf(report, store, try_load_framework(report.framework))


def build_package(store: Store, report_id: int, *, pdf: bool | PdfMaker = True,
                  recompress: Recompress | None = None, created_at: str | None = None
                  ) -> BuiltPackage:
    """The ``.itapkg`` bytes of one stored report. Raises NotFoundError for an unknown id."""
    report = store.get_report(report_id)
    exportcheck.check_report(report)
    created = created_at or now_iso()
    stamp = _zip_time(created)
    members: list[tuple[str, bytes, int]] = []  # name, data, compression
    infos: dict[str, PhotoInfo] = {}
    for ref in _unique_photos(report):
        print_jpeg = store.photo_bytes(ref.sha256, "print")
        thumb = store.photo_bytes(ref.sha256, "thumb")
        meta = _photo_meta(store, ref.sha256)
        if recompress is not None:
            print_jpeg, size = _smaller(print_jpeg, recompress)
            meta = PhotoInfo(meta.sha256, size[0], size[1], meta.original_name,
                             meta.original_bytes, meta.original_format)
        infos[ref.sha256] = meta
        members.append((layout.photo_name(ref.sha256), print_jpeg, zipfile.ZIP_STORED))
        members.append((layout.thumb_name(ref.sha256), thumb, zipfile.ZIP_STORED))
    data = report_to_dict(report, photo_file=lambda ref: layout.photo_name(ref.sha256))
    report_json = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    members.insert(0, (layout.REPORT, report_json, zipfile.ZIP_DEFLATED))
    history = audit.to_package(store.conn, report.uuid, [e.id for e in report.entries])
    if history is not None:  # the audit trail travels with the report (kept by the import)
        members.append((layout.HISTORY, history, zipfile.ZIP_DEFLATED))
    if pdf:
        maker = default_pdf if pdf is True else pdf
        members.append((layout.PDF, maker(report, store), zipfile.ZIP_STORED))
    manifest = Manifest(
        format=layout.FORMAT, app_version=__version__, created_at=created,
        identity=Identity(report.uuid, report.agency, report.fiscal_year, report.round.kind,
                          report.revision),
        members=tuple(Member(name, hashlib.sha256(blob).hexdigest(), len(blob))
                      for name, blob, _ in members),
        photos=tuple(infos.values()), framework=_framework_ref(report.framework))
    manifest_json = (json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n"
                     ).encode("utf-8")
    members.insert(0, (layout.MANIFEST, manifest_json, zipfile.ZIP_DEFLATED))
    exportcheck.check_members(report, [(name, len(blob)) for name, blob, _ in members],
                              recompressed=recompress is not None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob, method in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # a member deflated beyond the importer's ratio limit would look like a zip bomb
            info.compress_type = exportcheck.method_for(blob, method)
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            zf.writestr(info, blob)
    data = out.getvalue()
    exportcheck.check_package_size(report, len(data), recompressed=recompress is not None)
    return BuiltPackage(data, package_file_name(report), manifest)


def package_size(store: Store, report_id: int, *, pdf: bool | PdfMaker = True,
                 recompress: Recompress | None = None) -> int:
    """The size in bytes the package would have (it is built in memory to know exactly)."""
    return build_package(store, report_id, pdf=pdf, recompress=recompress).size


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def package_file_name(report: Report) -> str:
    """'สำนักงานเขตปทุมวัน-2567-6m.itapkg' (characters Windows refuses are replaced)."""
    agency = _UNSAFE.sub("_", report.agency).strip(" .") or "report"
    rnd = report.round.kind if report.round.kind != "custom" else \
        f"custom-{report.round.start.isoformat()}"
    return f"{agency}-{report.fiscal_year}-{rnd}{layout.SUFFIX}"


def _unique_photos(report: Report) -> list[PhotoRef]:
    seen: dict[str, PhotoRef] = {}
    for entry in report.entries:
        for ref in entry.photos:
            seen.setdefault(ref.sha256, ref)
    return list(seen.values())


def _photo_meta(store: Store, sha256: str) -> PhotoInfo:
    row = store.conn.execute(
        "SELECT width, height, original_name, original_bytes, original_format FROM photo_blobs "
        "WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise NotFoundError(f"ไม่พบภาพ {sha256[:12]}… ในฐานข้อมูล", where="photo")
    return PhotoInfo(sha256, int(row[0]), int(row[1]), row[2] or "", int(row[3] or 0),
                     row[4] or "")


def _smaller(jpeg: bytes, how: Recompress) -> tuple[bytes, tuple[int, int]]:
    with Image.open(io.BytesIO(jpeg), formats=("JPEG",)) as image:
        width, height = image.size
        scale = min(1.0, how.long_side / max(width, height))
        target = (max(1, round(width * scale)), max(1, round(height * scale)))
        image.draft("RGB", target)
        picture = image.convert("RGB")
        if picture.size != target:
            picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=how.quality, optimize=True, progressive=False)
    smaller = out.getvalue()
    if len(smaller) >= len(jpeg):  # already small: keep the stored bytes
        with Image.open(io.BytesIO(jpeg)) as image:
            return jpeg, image.size
    return smaller, target


def _zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    try:
        moment = dt.datetime.fromisoformat(created_at)
    except ValueError:
        moment = dt.datetime.now(dt.UTC)
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _framework_ref(framework_id: str) -> layout.FrameworkRef | None:
    """What the manifest says of the report's framework (None when it is not installed here:
    the report still travels; the upper office sees the id in the report itself)."""
    from ..framework import catalog
    from ..framework.transfer import text_hash
    from ..framework.versions import split_version

    form = catalog.available().get(framework_id)
    if form is None:
        return None
    try:
        version = split_version(framework_id)[1]
        text = form.path.read_text(encoding="utf-8")
    except (ItaError, OSError, UnicodeDecodeError):
        return None
    return layout.FrameworkRef(framework_id, version, text_hash(text))
