"""``ita forms list|add|check``: the frameworks (forms/*.yaml)."""

from __future__ import annotations

import argparse

from ..core.base.errors import ItaError
from ..core.framework import catalog as forms


def cmd_forms_list(args: argparse.Namespace) -> int:
    for form in forms.available().values():
        try:
            fw = forms.load_framework(form.id)
            count = sum(1 for _ in fw.items())
            print(f"{form.id}\t{fw.fiscal_year}\t{count} ข้อ\t{form.origin}\t{form.path}")
        except ItaError as exc:
            print(f"{form.id}\t(เสีย: {exc.text()})\t{form.origin}\t{form.path}")
    return 0


def cmd_forms_add(args: argparse.Namespace) -> int:
    framework, replaced = forms.add_form_file(args.file)
    count = sum(1 for _ in framework.items())
    note = f" (แทนที่ไฟล์เดิม {replaced.path})" if replaced else ""
    print(f"เพิ่มกรอบการประเมิน {framework.id}: {count} ข้อ{note}")
    return 0


def cmd_forms_check(args: argparse.Namespace) -> int:
    from ..core.framework.definition import load_framework_file

    framework = load_framework_file(args.file)
    print(f"{framework.id}: ถูกต้อง ({sum(1 for _ in framework.items())} ข้อ)")
    return 0
