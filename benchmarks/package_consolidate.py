"""Consolidating office packages: build N realistic packages, then time importing them all
and writing the summary workbook, in a child process whose peak memory is measured.

    python benchmarks/package_consolidate.py [--offices 50] [--entries 30] [--photos 60]
                                             [--work DIR] [--with-pdf-summary]

Each package is what a district office sends: 30 entries and 60 stored print photos (from
12-MP camera-like JPEGs, processed as the app does: 2000 px long side, ~0.5 MB each) plus the
printed PDF. The photos are generated once; each office gets its own bytes (a JPEG comment
naming the office is inserted, so every photo's SHA-256 differs and nothing is de-duplicated)
and its own identity. The PDF is rendered once for the first office and reused (rendering is
not what is measured). Targets: consolidation under 60 s and peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing the package
    sys.path.insert(0, str(ROOT))

from ita_desktop.core.photos.intake import ProcessedPhoto  # noqa: E402

MB = 1_000_000
TARGET_SECONDS = 60.0
TARGET_RSS_MB = 500.0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--photos", type=int, default=60, help="photos per office")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--with-pdf-summary", action="store_true",
                        help="also time the consolidated PDF (summary + every report)")
    parser.add_argument("--child", nargs=3, metavar=("INBOX", "DB", "OUT"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ------------------------------------------------------------------ photos
def _photo(seed: int) -> ProcessedPhoto:
    from benchmarks.camera import camera_jpeg
    from ita_desktop.core.photos.intake import process_photo

    return process_photo(camera_jpeg(seed, 12.0), f"IMG_{seed:04d}.JPG")


def _generate_photos(count: int) -> list[ProcessedPhoto]:
    with multiprocessing.Pool() as pool:
        return pool.map(_photo, range(count))


def _for_office(photo: ProcessedPhoto, office: int) -> ProcessedPhoto:
    """The same picture with bytes of its own: a JPEG COM segment right after SOI."""
    note = f"office {office}".encode()
    segment = b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note
    print_jpeg = photo.print_jpeg[:2] + segment + photo.print_jpeg[2:]
    thumb_jpeg = photo.thumb_jpeg[:2] + segment + photo.thumb_jpeg[2:]
    return ProcessedPhoto(hashlib.sha256(print_jpeg).hexdigest(), print_jpeg, thumb_jpeg,
                          photo.width, photo.height, photo.original_name, photo.original_bytes,
                          photo.original_format)


# ------------------------------------------------------------------ packages
def _office_report(office: int, entries: int, photos: list[ProcessedPhoto]):
    from ita_desktop.core.framework.catalog import load_framework
    from ita_desktop.core.report.model import Entry, Person, PhotoRef, Report, Round

    items = list(load_framework("ita-2567").items())[:entries]
    report = Report(agency=f"สำนักงานเขตทดสอบที่ {office + 1:02d}", parent="กรุงเทพมหานคร",
                    fiscal_year=2567, round=Round.standard("6m", 2567), framework="ita-2567",
                    preparer=Person("นางสาวสมหญิง ใจดี", "นักจัดการงานทั่วไปชำนาญการ"),
                    certifier=Person("นายสมชาย รักงาน", "ผู้อำนวยการเขต"), status="final")
    for n, item in enumerate(items):
        report.entries.append(Entry(
            item=item.code, score=Decimal(f"{60 + (n * 7 + office) % 40}.{n % 100:02d}"),
            issue="ประเด็นที่ต้องปรับปรุง: การเผยแพร่ข้อมูลต่อสาธารณะยังไม่ครบถ้วนและไม่เป็นปัจจุบัน " * 2,
            measures=[f"{m + 1}. จัดประชุมชี้แจงแนวทางการปฏิบัติงานแก่บุคลากรทุกฝ่าย ครั้งที่ {m + 1}"
                      for m in range(3)],
            result="" if n % 9 == 0 else "ดำเนินการแล้วเสร็จ มีผู้เข้าร่วม 120 คน ผลการประเมินความพึงพอใจ "
                                          "ร้อยละ 92 " * 3))
    for k, photo in enumerate(photos):
        report.entries[k % len(report.entries)].photos.append(
            PhotoRef(photo.sha256, caption=f"ภาพกิจกรรมที่ {k + 1} การประชุมชี้แจงบุคลากร"))
    return report


def build_packages(inbox: Path, work: Path, offices: int, entries: int,
                   photos: list[ProcessedPhoto]) -> None:
    from ita_desktop.core.package import build_package
    from ita_desktop.core.store import Store

    pdf_cache: list[bytes] = []

    def pdf_once(report, store) -> bytes:  # type: ignore[no-untyped-def]
        if not pdf_cache:
            from ita_desktop.core.package.writer import default_pdf

            pdf_cache.append(default_pdf(report, store))
        return pdf_cache[0]

    with Store.open(work / "offices.sqlite") as store:
        for office in range(offices):
            mine = [_for_office(p, office) for p in photos]
            report = _office_report(office, entries, mine)
            report_id = store.create_report(report, {p.sha256: p for p in mine})
            built = build_package(store, report_id, pdf=pdf_once)
            (inbox / built.file_name).write_bytes(built.data)
            store.delete_report(report_id)  # keeps the source database small


# ------------------------------------------------------------------ the measured part
def child(inbox: Path, db: Path, out: Path, with_pdf: bool) -> None:
    start = time.perf_counter()
    from ita_desktop.core.package.consolidate import import_many, package_files, summarize
    from ita_desktop.core.package.summary_xlsx import summary_xlsx
    from ita_desktop.core.store import Store

    expected = [f"สำนักงานเขตทดสอบที่ {n:02d}" for n in range(1, 53)]
    with Store.open(db) as store:
        files = package_files([inbox])
        t0 = time.perf_counter()
        results = import_many(store, files)
        t1 = time.perf_counter()
        summary = summarize(store, [r.report_id for r in results if r.ok], expected)
        out.write_bytes(summary_xlsx(summary, results))
        t2 = time.perf_counter()
        pdf_seconds = None
        if with_pdf:
            from ita_desktop.core.package.summary_pdf import summary_pdf

            out.with_suffix(".pdf").write_bytes(summary_pdf(summary, store))
            pdf_seconds = time.perf_counter() - t2
    print(json.dumps({
        "files": len(files), "ok": sum(r.ok for r in results),
        "statuses": sorted({r.status for r in results}),
        "startup_s": t0 - start, "import_s": t1 - t0, "summary_xlsx_s": t2 - t1,
        "pdf_s": pdf_seconds, "sent": len(summary.sent), "missing": len(summary.missing),
        "rows": len(summary.rows),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.child:
        inbox, db, out = map(Path, args.child)
        child(inbox, db, out, args.with_pdf_summary)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="ita-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    inbox = work / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    for stale in work.glob("upper.sqlite*"):
        stale.unlink()
    try:
        t = time.perf_counter()
        photos = _generate_photos(args.photos)
        print(f"photos: {len(photos)} generated in {time.perf_counter() - t:.1f} s, "
              f"print JPEG {sum(len(p.print_jpeg) for p in photos) / len(photos) / MB:.2f} MB "
              f"each on average ({photos[0].width}×{photos[0].height})")
        t = time.perf_counter()
        build_packages(inbox, work, args.offices, args.entries, photos)
        sizes = [p.stat().st_size for p in inbox.iterdir()]
        print(f"packages: {len(sizes)} built in {time.perf_counter() - t:.1f} s, "
              f"{sum(sizes) / MB:.0f} MB in all, {sum(sizes) / len(sizes) / MB:.1f} MB each "
              f"({args.entries} entries, {args.photos} photos, PDF)")
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(inbox),
                   str(work / "upper.sqlite"), str(work / "summary.xlsx")]
        if args.with_pdf_summary:
            command.append("--with-pdf-summary")
        t = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        wall = time.perf_counter() - t
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        db_size = sum(p.stat().st_size for p in work.glob("upper.sqlite*"))
        print(f"consolidate: {figures['ok']}/{figures['files']} imported "
              f"({', '.join(figures['statuses'])}); {figures['sent']} offices sent, "
              f"{figures['missing']} missing; {figures['rows']} rows")
        print(f"  import {figures['import_s']:.1f} s ({figures['import_s'] / figures['files']:.2f} "
              f"s per package), summary + xlsx {figures['summary_xlsx_s']:.1f} s, "
              f"process start {figures['startup_s']:.1f} s; wall {wall:.1f} s")
        if figures["pdf_s"] is not None:
            print(f"  consolidated PDF {figures['pdf_s']:.1f} s (not part of the target)")
        print(f"  peak memory (RSS) {figures['peak_rss_mb']:.0f} MB "
              f"(children max {children_rss:.0f} MB); database {db_size / MB:.0f} MB")
        total = figures["import_s"] + figures["summary_xlsx_s"] + figures["startup_s"]
        ok_time = total < TARGET_SECONDS
        ok_rss = figures["peak_rss_mb"] < TARGET_RSS_MB
        print(f"target: under {TARGET_SECONDS:.0f} s: {'yes' if ok_time else 'NO'} "
              f"({total:.1f} s); under {TARGET_RSS_MB:.0f} MB: {'yes' if ok_rss else 'NO'}")
        return 0 if ok_time and ok_rss else 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
