"""A full-size report printed by ITA Desktop and, for comparison, by LibreOffice from a .docx.

    python benchmarks/render_full.py [--out build/bench] [--entries N] [--keep]

Builds every item of the 2567 framework as an entry (150–300 Thai words in each text cell,
three measures, two distinct camera-like 12-MP photos per entry taken in through the app's own
photo import), then times, in the same run:
  1. ITA Desktop: render_pdf() from the stored print-size photos (the import is timed apart);
  2. LibreOffice headless converting the same content as a .docx (python-docx, landscape table,
     photos inserted as the original JPEGs) to PDF;
and both again without photos. Prints the four times, the two ratios and the file sizes.
Targets (issue 3): with photos ≥ 5× faster than LibreOffice, without photos ≥ 1.5×, PDF < 15 MB.
Renderer caches are cleared before each timed render, so the figures are for a cold layout.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.camera import camera_jpeg  # noqa: E402
from ita_desktop.core.framework.catalog import load_framework  # noqa: E402
from ita_desktop.core.photos.intake import process_photo  # noqa: E402
from ita_desktop.core.render import clear_caches, render_pdf  # noqa: E402
from ita_desktop.core.render.document import COLUMNS, HEADINGS  # noqa: E402
from ita_desktop.core.report.model import Entry, PhotoRef, Report, Round  # noqa: E402

MB = 1_000_000


# ---------------------------------------------------------------------------------- content
def vocabulary() -> tuple[list[str], list[int]]:
    """Frequent Thai words of the Thai National Corpus (shipped with pythainlp), by frequency."""
    from pythainlp.corpus import tnc

    thai = [(w, f) for w, f in tnc.word_freqs()
            if w and all("\u0e01" <= c <= "\u0e4e" for c in w) and f >= 20]
    thai.sort(key=lambda x: (-x[1], x[0]))  # ties by word: tnc's order changes per process
    thai = thai[:4000]
    return [w for w, _ in thai], [f for _, f in thai]


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words, self.weights = vocabulary()

    def text(self, lo: int, hi: int) -> str:
        n = self.rng.randint(lo, hi)
        picked = self.rng.choices(self.words, self.weights, k=n)
        out = []
        for i, w in enumerate(picked):  # phrases separated by spaces, as Thai is written
            out.append(w)
            if self.rng.random() < 0.12 and i < n - 1:
                out.append(" ")
        return "".join(out)


def build_report(limit: int | None) -> tuple[Report, list[tuple[int, int]]]:
    fw = load_framework("ita-2567")
    w = Writer(2567)
    report = Report(agency="สำนักงานเขตตัวอย่าง", parent="กรุงเทพมหานคร", fiscal_year=2567,
                    round=Round.standard("6m", 2567), framework="ita-2567")
    seeds = []
    for n, item in enumerate(list(fw.items())[:limit], 1):
        seeds.append((2 * n, 2 * n + 1))
        report.entries.append(Entry(
            item=item.code, instrument=item.instrument, indicator=item.indicator,
            item_text=item.text, score=Decimal(w.rng.randint(5000, 9999)) / 100,
            issue=w.text(150, 300), measures=[w.text(50, 100) for _ in range(3)],
            result=w.text(150, 300), position=n))
    return report, seeds


class Store:
    """The photo store as the renderer sees it: print-size JPEGs by SHA-256."""

    def __init__(self) -> None:
        self.print: dict[str, bytes] = {}

    def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
        return self.print[sha256]


# ---------------------------------------------------------------------------------- docx
def build_docx(report: Report, originals: dict[str, bytes], path: Path,
               with_photos: bool) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name = "Sarabun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:cs"), "Sarabun")
    doc.add_paragraph(report.display_title).alignment = 1
    doc.add_paragraph(report.round.line(report.digits)).alignment = 1
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    widths = [Cm(26.7 * f) for f in COLUMNS]
    hdr = table.rows[0]
    trpr = hdr._tr.get_or_add_trPr()
    rep = OxmlElement("w:tblHeader")
    rep.set(qn("w:val"), "true")
    trpr.append(rep)
    for i, text in enumerate(HEADINGS):
        hdr.cells[i].text = text
        hdr.cells[i].width = widths[i]
    last = (None, None)
    for e in report.entries:
        if (e.instrument, e.indicator) != last:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[4])
            merged.text = f"{e.instrument} ตัวชี้วัดที่ {e.indicator}"
            last = (e.instrument, e.indicator)
        cells = table.add_row().cells
        cells[0].text = f"{e.code_label} {e.item_text} ({e.score} คะแนน)"
        cells[1].text = e.issue
        cells[2].text = "\n".join(f"{n}. {m}" for n, m in enumerate(e.measures, 1))
        cells[3].text = e.result
        if with_photos:
            para = cells[4].paragraphs[0]
            for ref in e.photos:
                para.add_run().add_picture(io.BytesIO(originals[ref.sha256]), width=Cm(5.2))
                para.add_run(f"\n{ref.caption}\n")
        for i, c in enumerate(cells):
            c.width = widths[i]
    doc.save(str(path))


def libreoffice(docx: Path, outdir: Path, profile: Path, fontconf: Path) -> float:
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconf))
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
           "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def fontconfig(tmp: Path) -> Path:
    """LibreOffice sees the bundled Sarabun (like the app), without installing it."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f'<dir>{ROOT / "ita_desktop" / "data" / "fonts"}</dir><cachedir>{tmp / "fc-cache"}</cachedir>'
        "</fontconfig>", encoding="utf-8")
    return conf


# ---------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--entries", type=int, default=None, help="fewer entries (quick run)")
    ap.add_argument("--keep", action="store_true", help="keep the .docx files")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if shutil.which("soffice") is None:
        print("soffice not found: apt-get install -y libreoffice-writer-nogui", file=sys.stderr)
        return 2

    report, seeds = build_report(a.entries)
    print(f"{len(report.entries)} entries; generating {2 * len(seeds)} camera JPEGs ...",
          flush=True)
    originals: dict[str, bytes] = {}
    store = Store()
    import_time = 0.0
    for e, pair in zip(report.entries, seeds, strict=True):
        for k, seed in enumerate(pair, 1):
            data = camera_jpeg(seed)
            t = time.perf_counter()
            photo = process_photo(data, f"IMG_{seed:04d}.jpg")
            import_time += time.perf_counter() - t
            originals[photo.sha256] = data
            store.print[photo.sha256] = photo.print_jpeg
            e.photos.append(PhotoRef(photo.sha256, f"ภาพกิจกรรม {e.code_label} ภาพที่ {k}",
                                     width=photo.width, height=photo.height))
    orig_mb = sum(map(len, originals.values())) / MB
    print(f"photo import (app, once per photo): {import_time:.1f} s for {len(originals)} "
          f"photos ({orig_mb:.0f} MB of originals)", flush=True)
    bare = Report(**{**report.__dict__, "entries": [
        Entry(**{**e.__dict__, "photos": []}) for e in report.entries]})

    results = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        conf = fontconfig(tmp)
        profile = tmp / "lo-profile"
        warm = tmp / "warm.docx"
        build_docx(bare.__class__(**{**bare.__dict__, "entries": bare.entries[:1]}), {}, warm,
                   False)
        libreoffice(warm, tmp, profile, conf)  # first start creates the profile: not timed
        for label, rep in (("with photos", report), ("without photos", bare)):
            clear_caches()
            t = time.perf_counter()
            pdf = render_pdf(rep, store, load_framework("ita-2567"))
            ours = time.perf_counter() - t
            name = label.replace(" ", "-")
            ours_path = out / f"ita-{name}.pdf"
            ours_path.write_bytes(pdf)
            docx = tmp / f"lo-{name}.docx"
            t = time.perf_counter()
            build_docx(rep, originals, docx, rep is report)
            docx_time = time.perf_counter() - t
            lo = libreoffice(docx, out, profile, conf)
            lo_pdf = out / f"lo-{name}.pdf"
            if a.keep:
                shutil.copy(docx, out / docx.name)
            results[label] = (ours, lo, len(pdf), lo_pdf.stat().st_size, docx.stat().st_size,
                              docx_time)
            print(f"[{label}] ITA Desktop {ours:.2f} s ({len(pdf) / MB:.2f} MB, "
                  f"{len(__import__('pymupdf').open(stream=pdf))} pages) | LibreOffice "
                  f"{lo:.2f} s ({lo_pdf.stat().st_size / MB:.2f} MB; .docx {docx.stat().st_size / MB:.0f} MB "
                  f"built in {docx_time:.1f} s, not counted) | ratio {lo / ours:.1f}x", flush=True)
    (o1, l1, s1, *_), (o2, l2, s2, *_) = results["with photos"], results["without photos"]
    print("\nsummary")
    print(f"  with photos:    ITA {o1:.2f} s, LibreOffice {l1:.2f} s, ratio {l1 / o1:.1f}x "
          f"(target >= 5), PDF {s1 / MB:.2f} MB (target < 15)")
    print(f"  without photos: ITA {o2:.2f} s, LibreOffice {l2:.2f} s, ratio {l2 / o2:.1f}x "
          f"(target >= 1.5), PDF {s2 / MB:.2f} MB")
    print(f"  photo import, separately: {import_time:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
