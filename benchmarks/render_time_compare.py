"""Render time of the full benchmark report, this tree against another checkout, same run.

    python benchmarks/render_time_compare.py BASELINE_ROOT [--rounds 3] [--photos] [--entries N]

BASELINE_ROOT is another source tree of ITA Desktop (e.g. a checkout of main). Builds the
report of ``render_full.py`` (every item of the 2567 framework, 150–300 Thai words per text
cell; with ``--photos`` also its two 12-MP camera photos per entry, imported once here and
given to both trees at print size) and times ``render_pdf`` with cold caches, alternating between the
two trees (each in its own process, imported from its own root) so both see the same machine
load. Prints the median of each, wall and CPU time (on a machine shared with other work the
process's CPU time is the steadier figure), the ratio (issue 10: at most 1.10), the first
render in a fresh process (loading the word lists) and whether both made the same PDF.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Photos:
    def __init__(self, data: dict[str, bytes]) -> None:
        self.data = data

    def photo_bytes(self, sha256: str, kind: str = "print") -> bytes:
        return self.data[sha256]


def make_photos(entries: int | None, path: Path) -> None:
    """Camera JPEGs through the app's import, once: {sha: print JPEG} and refs per entry."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.camera import camera_jpeg
    from benchmarks.render_full import build_report
    from ita_desktop.core.photos.intake import process_photo

    _, seeds = build_report(entries)
    data, refs = {}, []
    for pair in seeds:
        refs.append([])
        for k, seed in enumerate(pair, 1):
            photo = process_photo(camera_jpeg(seed), f"IMG_{seed:04d}.jpg")
            data[photo.sha256] = photo.print_jpeg
            refs[-1].append((photo.sha256, f"ภาพกิจกรรม ภาพที่ {k}", photo.width, photo.height))
    path.write_bytes(pickle.dumps((data, refs)))


def worker(root: Path, rounds: int, entries: int | None, photos: Path | None) -> None:
    sys.path.insert(0, str(root))
    import importlib.util

    # the report text from this tree's render_full.py, so both trees print the same text
    spec = importlib.util.spec_from_file_location("render_full", ROOT / "benchmarks" /
                                                  "render_full.py")
    render_full = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_full)
    build_report = render_full.build_report
    from ita_desktop.core.framework.catalog import load_framework
    from ita_desktop.core.render import clear_caches, render_pdf
    from ita_desktop.core.report.model import PhotoRef

    report, _ = build_report(entries)
    source = None  # no photos: the PhotoSource is never asked
    if photos:
        data, refs = pickle.loads(photos.read_bytes())
        source = Photos(data)
        for e, rs in zip(report.entries, refs, strict=True):
            e.photos = [PhotoRef(sha, cap, width=w, height=h) for sha, cap, w, h in rs]
    fw = load_framework("ita-2567")
    t = time.perf_counter()
    first = render_pdf(report, source, fw)
    first_t = time.perf_counter() - t
    times, cpu = [], []
    for _ in range(rounds):
        clear_caches()
        t, c = time.perf_counter(), time.process_time()
        pdf = render_pdf(report, source, fw)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert pdf == first
    print(json.dumps({"first": first_t, "times": times, "cpu": cpu, "bytes": len(first),
                      "sha": hashlib.sha256(first).hexdigest()}))


def run(root: Path, rounds: int, entries: int | None, photos: Path | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(root),
           "--rounds", str(rounds)]
    if entries:
        cmd += ["--entries", str(entries)]
    if photos:
        cmd += ["--photo-file", str(photos)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=root).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("baseline", type=Path, nargs="?")
    ap.add_argument("--rounds", type=int, default=3, help="timed renders per process")
    ap.add_argument("--photos", action="store_true", help="with the camera photos")
    ap.add_argument("--photo-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--processes", type=int, default=3, help="processes per tree, alternating")
    ap.add_argument("--entries", type=int, default=None)
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        worker(a.worker, a.rounds, a.entries, a.photo_file)
        return 0
    if a.baseline is None:
        ap.error("give the root of the baseline checkout")
    photos = None
    if a.photos:
        photos = Path(tempfile.mkdtemp()) / "photos.pickle"
        t = time.perf_counter()
        make_photos(a.entries, photos)
        print(f"photos imported once in {time.perf_counter() - t:.0f} s", flush=True)
    res: dict[str, dict[str, list[float]]] = {
        k: {"first": [], "times": [], "cpu": []} for k in ("baseline", "this tree")}
    sizes, shas = {}, {}
    for _ in range(a.processes):
        for label, root in (("baseline", a.baseline.resolve()), ("this tree", ROOT)):
            r = run(root, a.rounds, a.entries, photos)
            res[label]["first"].append(r["first"])
            res[label]["times"].extend(r["times"])
            res[label]["cpu"].extend(r["cpu"])
            sizes[label], shas[label] = r["bytes"], r["sha"]
            print(f"{label:9}: first {r['first']:.3f} s; cold-cache renders, wall "
                  + " ".join(f"{t:.3f}" for t in r["times"]) + " s, CPU "
                  + " ".join(f"{t:.3f}" for t in r["cpu"]) + " s", flush=True)
    med = {k: statistics.median(v["times"]) for k, v in res.items()}
    cpu = {k: statistics.median(v["cpu"]) for k, v in res.items()}
    first = {k: statistics.median(v["first"]) for k, v in res.items()}
    for label, root in (("baseline", a.baseline), ("this tree", ROOT)):
        print(f"{label:9} ({root}): median wall {med[label]:.3f} s, CPU {cpu[label]:.3f} s; "
              f"first in process {first[label]:.3f} s; {sizes[label] / 1e6:.2f} MB")
    print(f"ratio this/baseline: CPU {cpu['this tree'] / cpu['baseline']:.3f} (target <= 1.10), "
          f"wall {med['this tree'] / med['baseline']:.3f}; first render "
          f"{first['this tree'] / first['baseline']:.3f}; same PDF: "
          f"{shas['this tree'] == shas['baseline']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
