"""The history of replaced reports: which report an import (or a restore) replaced, when and
why, what changed since, and a button to put it back.

    dialog = RevisionsDialog(session, report_id, parent)   # report_id None: every report
    dialog.restored.connect(main_window.open_report)
    dialog.exec()

Everything goes through ``Session`` (``revisions``, ``revision_diff``, ``restore_revision``).
"""

from __future__ import annotations

from ...core.base.errors import ItaError
from ..i18n import _
from ..qt import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..widgets import heading, message_label, show_message

ROLE_ID = Qt.ItemDataRole.UserRole


class RevisionsDialog(QDialog):
    restored = Signal(int)  # id of the report put back

    def __init__(self, session: object, report_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        self.setWindowTitle(_("Replaced versions"))
        self._build_ui()
        self.resize(1000, 620)
        self.reload()

    def _build_ui(self) -> None:
        intro = QLabel(_(
            "When an imported package replaces a report, the report it replaced is kept here. "
            "Select one to see what changed; “Restore” puts it back (the report in its place "
            "is kept here in turn)."))
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("revisions-list")
        self.list.setHeaderLabels([_("Office"), _("Version"), _("Replaced at"), _("Why")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column in range(3):
            self.list.header().setSectionResizeMode(column,
                                                    QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._show_diff)
        self.diff = QTreeWidget()
        self.diff.setObjectName("revisions-diff")
        self.diff.setHeaderLabels([_("What"), _("Before (replaced version)"), _("Now")])
        self.diff.setRootIsDecorated(False)
        self.diff.setWordWrap(True)
        for column in range(3):
            self.diff.header().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setSizes([220, 380])
        self.empty = QLabel(_("No report has been replaced."))
        self.empty.setObjectName("revisions-empty")
        self.error = message_label(self, "error")
        self.restore_button = QPushButton(_("Restore this version…"))
        self.restore_button.setObjectName("revisions-restore")
        self.restore_button.setEnabled(False)
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        root = QVBoxLayout(self)
        root.addWidget(heading(_("Replaced versions"), 1.3))
        root.addWidget(intro)
        root.addWidget(self.empty)
        root.addWidget(splitter, 1)
        root.addWidget(self.error)
        root.addLayout(buttons)

    # ------------------------------------------------------------------ public
    def reload(self) -> None:
        self.list.clear()
        self.diff.clear()
        try:
            rows = self.session.revisions(self.report_id)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            rows = []
        for row in rows:
            item = QTreeWidgetItem([row.agency, str(row.revision), row.replaced_at.replace(
                "T", " ")[:19], row.reason])
            item.setData(0, ROLE_ID, row.id)
            item.setToolTip(3, row.reason)
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not rows)
        if rows:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._update_buttons()

    def selected_id(self) -> int | None:
        items = self.list.selectedItems()
        return int(items[0].data(0, ROLE_ID)) if items else None

    def restore_selected(self, *, confirm: bool = True) -> int | None:
        history_id = self.selected_id()
        if history_id is None:
            return None
        if confirm:
            answer = QMessageBox.question(
                self, _("Restore this version"),
                _("Put this version back? The report now in its place is kept in this "
                  "list, so this can be undone the same way."))
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            report_id = self.session.restore_revision(history_id)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            return None
        show_message(self.error, "")
        if self.report_id is not None:
            self.report_id = report_id
        self.reload()
        self.restored.emit(report_id)
        return report_id

    # ------------------------------------------------------------------ events
    def _show_diff(self) -> None:
        self.diff.clear()
        history_id = self.selected_id()
        self._update_buttons()
        if history_id is None:
            return
        try:
            diffs = self.session.revision_diff(history_id)  # type: ignore[attr-defined]
        except ItaError as exc:
            show_message(self.error, exc.message)
            return
        if not diffs:
            self.diff.addTopLevelItem(QTreeWidgetItem([_("No differences"), "", ""]))
        for diff in diffs:
            item = QTreeWidgetItem([diff.where, diff.before, diff.after])
            for column, text in enumerate((diff.where, diff.before, diff.after)):
                item.setToolTip(column, text)
            self.diff.addTopLevelItem(item)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_id() is not None)
