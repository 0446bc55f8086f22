"""``ita forms list|add|check|new|export|import``: the frameworks (forms/*.yaml, .itaform files
from the upper office; docs/framework-file.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.base.errors import ItaError
from ..core.framework import catalog as forms


def _usage(args: argparse.Namespace) -> dict[str, list[int]] | None:
    """Framework id -> report ids in the database; None when there is no database yet
    (``forms list`` must not create one)."""
    from ..core.base import paths
    from ..core.framework.versions import usage

    path = Path(args.db) if args.db else paths.default_db_path()
    if not path.is_file():
        return None
    from .common import open_db

    with open_db(args) as store:
        return usage(store.list_reports(include_trashed=True))


def cmd_forms_list(args: argparse.Namespace) -> int:
    from ..core.framework.versions import split_version

    used = _usage(args)
    for form in forms.available().values():
        reports = "" if used is None else f"\tใช้กับรายงาน {len(used.get(form.id, []))} ฉบับ"
        try:
            fw = forms.load_framework(form.id)
            count = sum(1 for _ in fw.items())
            version = split_version(form.id)[1]
            print(f"{form.id}\t{fw.fiscal_year}\tฉบับที่ {version}\t{count} ข้อ{reports}\t"
                  f"{form.origin}\t{form.path}")
        except ItaError as exc:
            print(f"{form.id}\t(เสีย: {exc.text()})\t{form.origin}\t{form.path}")
    return 0


def _install(args: argparse.Namespace, path: Path) -> int:
    from ..core.framework.transfer import install, read_any

    incoming = read_any(path)  # checked completely before anything is written
    # which reports use which framework (never changed under them); no database: no reports
    result = install(incoming, _usage(args) or {})
    count = sum(1 for _ in incoming.framework.items())
    print(f"{result.note} ({result.framework_id}: {count} ข้อ)")
    return 0


def cmd_forms_add(args: argparse.Namespace) -> int:
    return _install(args, args.file)


def cmd_forms_import(args: argparse.Namespace) -> int:
    return _install(args, args.file)


def cmd_forms_check(args: argparse.Namespace) -> int:
    from ..core.framework.transfer import read_any

    checked = read_any(args.file)
    framework = checked.framework
    print(f"{framework.id}: ถูกต้อง ({sum(1 for _ in framework.items())} ข้อ, "
          f"SHA-256 {checked.sha256[:16]}…)")
    return 0


def cmd_forms_new(args: argparse.Namespace) -> int:
    from ..core.base.boundary import check_output_path
    from ..core.framework.derive import new_from
    from ..core.framework.transfer import SUFFIX, FrameworkFile, text_hash
    from .common import save

    text = new_from(args.source, args.year, args.id)
    output = check_output_path(args.output)
    if output.suffix.lower() == SUFFIX:
        from ..core.framework.definition import parse_framework
        from ..core.framework.transfer import document_bytes

        framework = parse_framework(text, str(output))
        data = document_bytes(FrameworkFile(framework, text, text_hash(text)))
    else:
        data = text.encode("utf-8")
    save(output, data)
    print(f"สร้างกรอบการประเมิน {args.id or f'ita-{args.year}'} จาก {args.source}: {output} "
          "(ทุกข้อยังไม่ยืนยัน แก้ไขแล้วติดตั้งด้วย ita forms import)")
    return 0


def cmd_forms_export(args: argparse.Namespace) -> int:
    from ..core.base.boundary import check_output_path
    from ..core.framework.transfer import export_bytes
    from .common import save

    output = check_output_path(args.output)
    save(output, export_bytes(args.id))
    print(f"ส่งออกกรอบการประเมิน {args.id}: {output}")
    return 0
