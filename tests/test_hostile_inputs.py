"""Every file from outside is hostile (issue 21): each reproducer of the issue's table, and
more of each kind, run through the real `ita` CLI in a subprocess with RLIMIT_AS 1 GB and a
time limit. Each must end with a Thai message and its English line, exit 1, no traceback,
within 10 s and 500 MB, and leave the database byte-identical.

Cases whose reader is not yet wired to core/base/boundary.py are ``xfail(strict=True)``: the
moment one is fixed it fails as XPASS and its mark must be removed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_LIMIT = 1 << 30   # RLIMIT_AS for the child
TIME_LIMIT = 10.0        # seconds
RSS_LIMIT_KB = 500 * 1024
# The child reports its own peak (VmHWM of the process after exec): the kernel's ru_maxrss of a
# child also counts the forked copy of this pytest process, hundreds of MB late in a full run.
_LAUNCH = """
import atexit, os
def _peak():
    with open("/proc/self/status") as status, open(os.environ["ITA_TEST_PEAK"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
if os.environ.get("ITA_TEST_PEAK"):
    atexit.register(_peak)
from ita_desktop.cli import main
raise SystemExit(main())
"""
ITA = [sys.executable, "-c", _LAUNCH]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    subprocess.run([*ITA, "--db", str(db), "demo"], check=True, capture_output=True)
    return db


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    rss_kb: int


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.setsid()


def run_ita(args: list[str], cwd: Path) -> Run:
    out_f, err_f, peak_f = cwd / "stdout.txt", cwd / "stderr.txt", cwd / "peak-kb.txt"
    start = time.monotonic()
    with open(out_f, "wb") as out, open(err_f, "wb") as err:
        proc = subprocess.Popen([*ITA, *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=cwd, preexec_fn=_limits,
                                env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                     "ITA_TEST_PEAK": str(peak_f)})
        deadline = start + TIME_LIMIT + 5
        while True:  # os.wait4: this child's own peak memory, not the session's maximum
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(proc.returncode, out_f.read_text("utf-8", "replace"),
               err_f.read_text("utf-8", "replace")[:20_000], time.monotonic() - start,
               int(peak_f.read_text()) if peak_f.exists() and peak_f.read_text()
               else usage.ru_maxrss)


# -- inputs (big ones are sparse or streamed, so the suite stays fast) ------------------------

def _framework_text() -> str:
    from ita_desktop.core.base import paths
    return (paths.bundled_forms_dir() / "ita-2567.yaml").read_text("utf-8")


def _report(db: Path) -> dict:
    done = subprocess.run([*ITA, "--db", str(db), "dump", "1"], check=True, capture_output=True)
    return json.loads(done.stdout)


def sparse(path: Path, head: bytes, size: int) -> None:
    with open(path, "wb") as out:
        out.write(head)
        out.truncate(size)


def streamed(path: Path, head: bytes, fill: bytes, count: int, tail: bytes = b"") -> None:
    with open(path, "wb") as out:
        out.write(head)
        chunk = fill * max(1, (1 << 20) // len(fill))
        for _ in range(count * len(fill) // len(chunk)):
            out.write(chunk)
        out.write(tail)


def xlsx(path: Path, sheet_xml: str, extra: dict[str, str] | None = None) -> None:
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
          '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
          'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
          '2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
          '</workbook>')
    wbrels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
              'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", wbrels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, text in (extra or {}).items():
            zf.writestr(name, text)


SHEET_NS = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _row(n: int, code: str, score: str) -> str:
    return (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{code}</t></is></c>'
            f'<c r="B{n}"><v>{score}</v></c></row>')


# -- the cases ----------------------------------------------------------------------------

Build = Callable[[Path, Path], list[str]]   # (work dir, db copy) -> ita arguments
CASES: list[tuple[str, Build, bool]] = []   # (id, build, known to fail today)


def case(name: str, open_: bool = False) -> Callable[[Build], Build]:
    def register(build: Build) -> Build:
        CASES.append((name, build, open_))
        return build
    return register


def forms_check(text: str) -> Build:
    def build(work: Path, db: Path) -> list[str]:
        (work / "ita-2567.yaml").write_text(text, "utf-8")  # the id must match the name
        return ["--db", str(db), "forms", "check", str(work / "ita-2567.yaml")]
    return build


case("yaml-deep-brackets")(forms_check("format: ita-form/1\nx: " + "[" * 10000 + "]" * 10000))
case("yaml-deep-braces")(forms_check("format: ita-form/1\nx: " + "{a: " * 3000 + "1" + "}" * 3000))
case("yaml-alias-bomb")(forms_check(
    "format: ita-form/1\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"b{n}: &b{n} [*{'a' if n == 0 else f'b{n - 1}'}]\n" for n in range(200))))


@case("yaml-5000-digit-year")
def _(work, db):
    text = _framework_text().replace("fiscal_year: 2567", "fiscal_year: " + "9" * 5000, 1)
    return forms_check(text)(work, db)


@case("yaml-thai-digit-duplicate-code")
def _(work, db):
    text = _framework_text().replace("code: i2\n", "code: i๑\n", 1)
    return forms_check(text)(work, db)


@case("yaml-fullwidth-duplicate-code")
def _(work, db):
    return forms_check(_framework_text().replace("code: i2\n", "code: i１\n", 1))(work, db)


@case("yaml-bel-in-item-text")
def _(work, db):
    text = _framework_text()
    at = text.index("text: ") + len("text: ")
    return forms_check(text[:at] + '"\\a' + text[at:].split("\n", 1)[0].strip('"') + '"\n'
                       + text[at:].split("\n", 1)[1])(work, db)


@case("yaml-rlo-in-title")
def _(work, db):
    return forms_check(_framework_text().replace("title: ", "title: \u202e", 1))(work, db)


@case("yaml-50mb")
def _(work, db):
    sparse(work / "ita-2567.yaml", b"format: ita-form/1\n# ", 50 << 20)
    return ["--db", str(db), "forms", "check", str(work / "ita-2567.yaml")]


@case("yaml-symlink-dev-zero")
def _(work, db):
    (work / "x.yaml").symlink_to("/dev/zero")
    return ["--db", str(db), "forms", "check", str(work / "x.yaml")]


def load_json_text(text: str | bytes) -> Build:
    def build(work: Path, db: Path) -> list[str]:
        data = text.encode() if isinstance(text, str) else text
        (work / "r.json").write_bytes(data)
        return ["--db", str(db), "load", str(work / "r.json")]
    return build


case("json-deep-list")(load_json_text(
    '{"format":"ita-report/1","report":' + "[" * 100000 + "]" * 100000 + "}"))
case("json-deep-dict")(load_json_text('{"format":"ita-report/1","report":' + '{"a":' * 50000
                                      + "1" + "}" * 50001))


def patched_report(change: Callable[[dict], None], raw: Callable[[str], str] | None = None
                   ) -> Build:
    def build(work: Path, db: Path) -> list[str]:
        data = _report(db)
        change(data)
        text = json.dumps(data, ensure_ascii=False)
        if raw:
            text = raw(text)
        return load_json_text(text)(work, db)
    return build


for name, patch in {
    "json-year-negative": lambda d: d["report"].update(fiscal_year=-1),
    "json-year-99999": lambda d: d["report"].update(fiscal_year=99999),
    "json-reopen-log-5": lambda d: d["report"].update(reopen_log=5),
}.items():
    case(name)(patched_report(patch))
for name, (key, literal) in {
    "json-year-1e999": ('"fiscal_year": 2567', '"fiscal_year": 1e999'),
    "json-revision-1e999": ('"revision": 1', '"revision": 1e999'),
    "json-indicator-1e999": ('"indicator": 2', '"indicator": 1e999'),
    "json-5000-digit-number": ('"revision": 1', '"revision": ' + "7" * 5000),
    "json-nan": ('"revision": 1', '"revision": NaN'),
}.items():
    case(name)(patched_report(lambda d: None, lambda t, k=key, v=literal: t.replace(k, v, 1)))


@case("json-million-entries")
def _(work, db):
    entry = json.dumps(_report(db)["entries"][0], ensure_ascii=False).encode()
    streamed(work / "r.json", b'{"format":"ita-report/1","report":'
             + json.dumps(_report(db)["report"], ensure_ascii=False).encode() + b',"entries":[',
             entry + b",", 40_000, entry + b"]}")
    return ["--db", str(db), "load", str(work / "r.json")]


@case("json-20m-char-cell")
def _(work, db):
    data = _report(db)
    data["entries"][0]["issue"] = "@@"
    head, tail = json.dumps(data, ensure_ascii=False).encode().split(b"@@")
    streamed(work / "r.json", head, "ก".encode(), 20_000_000, tail)
    return ["--db", str(db), "load", str(work / "r.json")]


@case("json-200mb-sparse")
def _(work, db):
    sparse(work / "r.json", b'{"format":"ita-report/1"', 200 << 20)
    return ["--db", str(db), "load", str(work / "r.json")]


@case("json-symlink-dev-zero")
def _(work, db):
    (work / "x.json").symlink_to("/dev/zero")
    return ["--db", str(db), "load", str(work / "x.json")]


@case("json-fifo")
def _(work, db):
    os.mkfifo(work / "x.json")
    return ["--db", str(db), "load", str(work / "x.json")]


def scores(name: str, data: bytes) -> Build:
    def build(work: Path, db: Path) -> list[str]:
        (work / name).write_bytes(data)
        return ["--db", str(db), "scores", "import", "1", str(work / name)]
    return build


case("tsv-decimal-comma")(scores("s.tsv", b"i1\t8,5\ni2\t1,5\n"))
case("csv-decimal-comma-extra-column")(scores("s.csv", b"i1,85,5\n"))
case("csv-thousands-separator")(scores("s.csv", b'i1,"1,000"\n'))


@case("csv-200mb-field")
def _(work, db):
    sparse(work / "s.csv", b'i1,"', 200 << 20)
    return ["--db", str(db), "scores", "import", "1", str(work / "s.csv")]


@case("tsv-100mb-cell")
def _(work, db):
    streamed(work / "s.tsv", b"i1\t", b"x", 100 << 20)
    return ["--db", str(db), "scores", "import", "1", str(work / "s.tsv")]


@case("csv-symlink-dev-zero")
def _(work, db):
    (work / "x.csv").symlink_to("/dev/zero")
    return ["--db", str(db), "scores", "import", "1", str(work / "x.csv")]


@case("xlsx-cut-short")
def _(work, db):
    xlsx(work / "s.xlsx", SHEET_NS + "<sheetData>" + _row(1, "i1", "85") + '<row r="2"><c')
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-doctype-entity")
def _(work, db):
    xlsx(work / "s.xlsx", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
         + SHEET_NS + "<sheetData>" + _row(1, "i1", "85") + "</sheetData></worksheet>")
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-score-in-row-6000")
def _(work, db):
    xlsx(work / "s.xlsx", SHEET_NS + "<sheetData>" + _row(1, "i1", "85") + _row(6000, "i2", "70")
         + "</sheetData></worksheet>")
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-huge-row")
def _(work, db):
    cells = '<c r="A1"><v>1</v></c>' * 2_000_000  # deflates to a few KB
    xlsx(work / "s.xlsx", SHEET_NS + '<sheetData><row r="1">' + cells + "</row></sheetData>"
         + "</worksheet>")
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-big-shared-strings")
def _(work, db):
    # the 2 GB sharedStrings.xml of the issue, scaled: one part inflating past the limit
    xlsx(work / "s.xlsx", SHEET_NS + "<sheetData>" + _row(1, "i1", "85") + "</sheetData>"
         "</worksheet>", {"xl/sharedStrings.xml": "<sst>" + "<si><t>x</t></si>" * 700_000
                          + "</sst>"})
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-size-lies-in-directory")
def _(work, db):
    # the sheet part says it inflates to 100 bytes in both headers; it inflates to ~44 MB
    xlsx(work / "s.xlsx", SHEET_NS + '<sheetData><row r="1">' + '<c r="A1"><v>1</v></c>'
         * 2_000_000 + "</row></sheetData></worksheet>")
    data = bytearray((work / "s.xlsx").read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = (100).to_bytes(4, "little")
            at += 4
    (work / "s.xlsx").write_bytes(bytes(data))
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-utf16-part")
def _(work, db):
    xlsx(work / "s.xlsx", SHEET_NS + "<sheetData>" + _row(1, "i1", "85")
         + "</sheetData></worksheet>")
    with zipfile.ZipFile(work / "s.xlsx", "a") as zf:
        zf.writestr("xl/extra.xml", '<?xml version="1.0" encoding="UTF-16"?><x/>'.encode("utf-16"))
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


@case("xlsx-content-past-column-16")
def _(work, db):
    xlsx(work / "s.xlsx", SHEET_NS + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>i1'
         '</t></is></c><c r="B1"><v>85</v></c><c r="Z1"><v>7</v></c></row></sheetData>'
         "</worksheet>")
    return ["--db", str(db), "scores", "import", "1", str(work / "s.xlsx")]


def _add_trigger(db: Path) -> None:
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    target = "report_scores" if "report_scores" in tables else tables[0]
    con.execute(f"CREATE TRIGGER evil AFTER INSERT ON {target} BEGIN SELECT 1; END")
    con.commit()
    con.close()


@case("db-foreign-trigger-check")
def _(work, db):
    _add_trigger(db)
    return ["--db", str(db), "check"]


@case("db-foreign-trigger-list")
def _(work, db):
    _add_trigger(db)
    return ["--db", str(db), "list"]


@case("db-foreign-view")
def _(work, db):
    con = sqlite3.connect(db)
    con.execute("CREATE VIEW spy AS SELECT 1")
    con.commit()
    con.close()
    return ["--db", str(db), "list"]


@case("db-other-programs-sqlite")
def _(work, db):
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_migrations (version INTEGER)")
    con.execute("INSERT INTO schema_migrations VALUES (1)")
    con.commit()
    con.close()
    return ["--db", str(db), "list"]


@case("db-not-sqlite")
def _(work, db):
    db.write_bytes(b"this is a text file, not a database\n" * 100)
    return ["--db", str(db), "list"]


def render_to(target: Callable[[Path], str]) -> Build:
    def build(work: Path, db: Path) -> list[str]:
        return ["--db", str(db), "render", "1", "-o", target(work)]
    return build


case("output-empty-name")(render_to(lambda w: ""))
case("output-directory")(render_to(lambda w: str(w)))
@case("output-device")
def _(work, db):
    # a private device node, never a system one: a regression would replace it by a file
    try:
        os.mknod(work / "dev.pdf", stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return render_to(lambda w: str(w / "dev.pdf"))(work, db)
case("output-missing-folder")(render_to(lambda w: str(w / "nope" / "r.pdf")))


@case("output-fifo")
def _(work, db):
    os.mkfifo(work / "r.pdf")
    return render_to(lambda w: str(w / "r.pdf"))(work, db)


@pytest.mark.parametrize("name,build", [
    pytest.param(name, build, id=name, marks=[pytest.mark.xfail(
        strict=True, reason="reader not yet wired to core/base/boundary.py (issue 21)")]
        if open_ else [])
    for name, build, open_ in CASES])
def test_hostile_input_is_refused_cleanly(name, build, demo_db, tmp_path):
    db = tmp_path / "ita.db"
    shutil.copy(demo_db, db)
    args = build(tmp_path, db)
    before = db.read_bytes() if db.exists() else None
    fifo = tmp_path / "r.pdf"
    result = run_ita(args, tmp_path)
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 1, (result.code, result.err[-2000:])
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in result.err), result.err[-500:]
    assert re.search(r"^error: .*[A-Za-z]{3}", result.err, re.M), result.err[-500:]  # English
    assert len(result.err) < 4000, "a message must not echo a huge cell"
    assert result.seconds < TIME_LIMIT, result.seconds
    assert result.rss_kb < RSS_LIMIT_KB, result.rss_kb
    if before is not None:
        assert db.read_bytes() == before, "the database changed"
    for side in (tmp_path / "ita.db-wal", tmp_path / "ita.db-journal"):
        assert not side.exists() or side.stat().st_size == 0
    if fifo.exists():
        assert fifo.is_fifo(), "the FIFO was replaced by a file"
    if (tmp_path / "dev.pdf").exists():
        assert (tmp_path / "dev.pdf").is_char_device(), "the device was replaced by a file"


def test_render_onto_a_symlink_writes_its_target(demo_db, tmp_path):
    """The documented symlink policy: an output link is followed, never replaced."""
    db = tmp_path / "ita.db"
    shutil.copy(demo_db, db)
    target = tmp_path / "real.pdf"
    target.write_bytes(b"old")
    (tmp_path / "link.pdf").symlink_to(target)
    result = run_ita(["--db", str(db), "render", "1", "-o", str(tmp_path / "link.pdf")], tmp_path)
    assert result.code == 0, result.err[-2000:]
    assert (tmp_path / "link.pdf").is_symlink()
    assert target.read_bytes().startswith(b"%PDF")
