"""Report → Move to another framework version…: the preview of what happens to each entry and
score (kept, reworded, renamed, not in the new framework) and, for each item not in the new
framework, the clerk's own choice before anything is moved (core/workflow/reframe.py).

    dialog = ReframeDialog(session, report_id, parent)
    if dialog.exec():
        dialog.result  # core ReframeResult

Nothing is chosen for the clerk: every gone row starts at "— choose —", and "Move" stays
disabled until each has a choice the core accepts (``Session.reframe_check``).
"""

from __future__ import annotations

from ...core.base.errors import ItaError
from ...core.report.model import format_score
from ...core.workflow.reframe import DROP, KEEP, EntryPlan, ReframePlan, ScorePlan
from ..i18n import _
from ..qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ..widgets import heading, message_label, show_message


def status_text(status: str) -> str:
    return {"kept": _("Kept"), "reworded": _("Wording or indicator changed"),
            "renamed": _("Item code changed"),
            "gone": _("Not in the new framework")}.get(status, status)


def _code(item: str | None) -> str:
    return (item or "").upper().replace("-", " - ")


class ReframeDialog(QDialog):
    def __init__(self, session: object, report_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        self.plan: ReframePlan | None = None
        self.result = None  # the core's ReframeResult once moved
        self.choices: dict[str, QComboBox] = {}
        self.setWindowTitle(_("Move to another framework version"))
        self.resize(1000, 640)
        self._build_ui()
        targets = session.reframe_targets(report_id)  # type: ignore[attr-defined]
        self.target.addItems(targets)
        if not targets:
            show_message(self.error, _("No other framework is installed. Import the new "
                                       "version first (File → Import framework…)."))
        self.target.currentTextChanged.connect(self.show_plan)
        self.show_plan()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        report = self.session.report(self.report_id)  # type: ignore[attr-defined]
        layout.addWidget(heading(_("Move the report to another framework version")))
        form = QFormLayout()
        form.addRow(_("Framework now:"), QLabel(report.framework))
        self.target = QComboBox()
        self.target.setObjectName("reframe-target")
        form.addRow(_("Move to:"), self.target)
        layout.addLayout(form)
        self.warning = message_label(self, "warning")
        self.warning.setObjectName("reframe-warning")
        layout.addWidget(self.warning)
        self.counts = QLabel()
        self.counts.setObjectName("reframe-counts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.rows = QTreeWidget()
        self.rows.setObjectName("reframe-rows")
        self.rows.setHeaderLabels([_("Item"), _("What happens"), _("Details"), _("Your choice")])
        self.rows.setRootIsDecorated(False)
        self.rows.setWordWrap(True)
        header = self.rows.header()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.rows, 1)
        self.detail = QLabel()  # the selected row's whole wording (the column elides it)
        self.detail.setObjectName("reframe-detail")
        self.detail.setWordWrap(True)
        self.rows.currentItemChanged.connect(self._show_detail)
        layout.addWidget(self.detail)
        self.gone_note = QLabel(_(
            "Items not in the new framework are not deleted unless you choose so: for each, "
            "keep it as the office's own row (all its texts, measures, results and photos "
            "stay), move it to another item, or delete it."))
        self.gone_note.setWordWrap(True)
        layout.addWidget(self.gone_note)
        self.error = message_label(self, "error")
        self.error.setObjectName("reframe-error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton(_("Move the report"))
        self.apply_button.setObjectName("reframe-apply")
        self.apply_button.clicked.connect(self.apply)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _show_detail(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        self.detail.setText(item.toolTip(2) if item is not None else "")

    # ------------------------------------------------------------------ the plan
    def show_plan(self) -> None:
        self.rows.clear()
        self.detail.setText("")
        self.choices.clear()
        self.plan = None
        show_message(self.warning, "")
        target = self.target.currentText()
        if not target:
            self.counts.setText("")
            self.apply_button.setEnabled(False)
            return
        try:
            self.plan = self.session.reframe_plan(self.report_id, target)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            self.apply_button.setEnabled(False)
            return
        plan = self.plan
        if plan.other_year:
            show_message(self.warning, _(
                "{framework} is the framework of fiscal year {year}; this report is for "
                "{report_year}.").format(framework=plan.new_framework, year=plan.new_year,
                                         report_year=plan.report_year))
        counts = plan.counts()
        self.counts.setText(" · ".join(f"{status_text(s)}: {n}" for s, n in counts.items()))
        codes = self._new_codes(plan.new_framework)
        for row in plan.entries:
            self._add_entry(row, codes)
        for score in plan.scores:
            if score.status in ("renamed", "gone"):
                self._add_score(score, codes)
        self.gone_note.setVisible(bool(plan.gone))
        self._decided()

    def _new_codes(self, framework_id: str) -> list[tuple[str, str]]:
        from ...core.framework.catalog import try_load_framework

        framework = try_load_framework(framework_id)
        return [] if framework is None else [(item.code, item.text) for item in framework.items()]

    def _add_entry(self, row: EntryPlan, codes: list[tuple[str, str]]) -> None:
        details = ""
        if row.status == "renamed":
            details = _("now {code}").format(code=_code(row.new_item))
        elif row.status == "reworded" and row.new_text:
            details = f"“{row.old_text}” → “{row.new_text}”"
        elif row.status == "reworded":
            details = _("indicator {n}").format(n=row.new_indicator)
        elif row.status == "gone":
            details = row.old_text
        if row.text_follows:
            details += " " + _("(the printed wording follows the new framework)")
        item = QTreeWidgetItem([row.old_code, status_text(row.status), details.strip(), ""])
        item.setToolTip(2, details.strip())
        self.rows.addTopLevelItem(item)
        if row.status == "gone":
            self._add_choice(item, row.key, row.can_keep, codes, ranges=True)

    def _add_score(self, row: ScorePlan, codes: list[tuple[str, str]]) -> None:
        name = _("Score {code} ({value})").format(
            code=row.code.upper() if row.kind == "item" else row.code,
            value=format_score(row.value))
        details = _("now {code}").format(code=_code(row.new_code)) if row.new_code else ""
        item = QTreeWidgetItem([name, status_text(row.status), details, ""])
        self.rows.addTopLevelItem(item)
        if row.status == "gone":
            self._add_choice(item, row.key, False,
                             codes if row.kind == "item" else [], ranges=False)

    def _add_choice(self, item: QTreeWidgetItem, key: str, can_keep: bool,
                    codes: list[tuple[str, str]], ranges: bool) -> None:
        choice = QComboBox()
        choice.setObjectName(f"reframe-choice-{key}")
        choice.addItem(_("— choose —"), None)
        if can_keep:
            choice.addItem(_("Keep as the office's own row"), KEEP)
        choice.addItem(_("Delete"), DROP)
        for code, text in codes:
            short = text if len(text) <= 40 else text[:39] + "…"
            choice.addItem(_("Move to {code}: {text}").format(code=code.upper(), text=short),
                           code)
        choice.currentIndexChanged.connect(self._decided)
        self.choices[key] = choice
        self.rows.setItemWidget(item, 3, choice)

    def decisions(self) -> dict[str, str]:
        return {key: box.currentData() for key, box in self.choices.items()
                if box.currentData() is not None}

    def choose(self, key: str, decision: str) -> None:
        """Set one row's choice (as the clerk would in its list)."""
        box = self.choices[key]
        box.setCurrentIndex(box.findData(decision))

    def _decided(self) -> None:
        plan = self.plan
        if plan is None:
            self.apply_button.setEnabled(False)
            return
        decisions = self.decisions()
        open_rows = len(self.choices) - len(decisions)
        if open_rows:
            show_message(self.error, _("Choose what happens to each item not in the new "
                                       "framework ({n} left).").format(n=open_rows))
            self.apply_button.setEnabled(False)
            return
        try:
            self.session.reframe_check(plan, decisions)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            self.apply_button.setEnabled(False)
            return
        show_message(self.error, "")
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        if self.plan is None or not self.apply_button.isEnabled():
            return
        try:
            self.result = self.session.apply_reframe(self.plan, self.decisions())  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        self.accept()
