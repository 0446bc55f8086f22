"""The session's framework operations: a framework file from the upper office checked and
installed (File → Import framework…), and a report moved to another framework version with a
preview (core/workflow/reframe.py)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .session_part import SessionPart

if TYPE_CHECKING:
    from ..core.framework.transfer import FrameworkFile, Installed
    from ..core.workflow.reframe import ReframePlan, ReframeResult


class FrameworkEdits(SessionPart):
    # ------------------------------------------------------------------ framework files
    def read_framework_file(self, path: str | Path) -> FrameworkFile:
        """An ``.itaform`` (or ``.yaml``) checked completely; raises FormError. Writes nothing."""
        from ..core.framework.transfer import read_any

        return read_any(Path(path))

    def install_framework(self, checked: FrameworkFile) -> Installed:
        """Install a checked framework in the user's forms folder; one that reports of this
        database use is never changed under them (installed as the next version instead)."""
        from ..core.framework.transfer import install
        from ..core.framework.versions import usage

        return install(checked, usage(self.store.list_reports(include_trashed=True)))

    # ------------------------------------------------------------------ moving a report
    def reframe_targets(self, report_id: int) -> list[str]:
        """The frameworks the report may move to: newer versions of its own first, then the
        others of its fiscal year, then the rest (its own excluded)."""
        from ..core.framework.catalog import available, try_load_framework
        from ..core.framework.versions import split_version

        report = self.store.get_report(report_id)
        try:
            base, number = split_version(report.framework)
        except Exception:  # noqa: BLE001 - an odd id: no version family
            base, number = report.framework, 1

        def rank(framework_id: str) -> tuple[int, int, str]:
            try:
                other_base, other_number = split_version(framework_id)
            except Exception:  # noqa: BLE001
                other_base, other_number = framework_id, 0
            if other_base == base and other_number > number:
                return (0, other_number, framework_id)
            framework = try_load_framework(framework_id)
            same_year = framework is not None and framework.fiscal_year == report.fiscal_year
            return (1 if same_year else 2, 0, framework_id)

        return sorted((f for f in available() if f != report.framework), key=rank)

    def reframe_plan(self, report_id: int, framework_id: str) -> ReframePlan:
        from ..core.workflow.reframe import plan_reframe

        return plan_reframe(self.store, report_id, framework_id)

    def reframe_check(self, plan: ReframePlan, decisions: Mapping[str, str]) -> None:
        """Raises what applying would refuse (nothing is written)."""
        from ..core.workflow.reframe import check_reframe

        check_reframe(self.store, plan, decisions)

    def apply_reframe(self, plan: ReframePlan, decisions: Mapping[str, str]) -> ReframeResult:
        """Move the report as previewed (refused if it changed since); the undo history no
        longer applies to it (a backup was made before)."""
        from ..core.workflow.reframe import apply_reframe

        result = apply_reframe(self.store, plan.report_id, plan.new_framework, decisions,
                               expected=plan)
        self.clear_undo()
        self._emit(result.change)
        return result
