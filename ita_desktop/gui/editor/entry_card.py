"""One entry as a card: item code and wording, score, issue, measures, result, the report's
optional columns (extra_fields.py), photos.

Every field saves itself (see autosave.py); a refresh from the database never overwrites a
field whose save is still pending.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from functools import partial

from ...core.base.errors import ItaError
from ...core.framework.definition import Framework
from ...core.render.long_cells import long_cells
from ...core.report.model import PASS_MARK, Entry, format_score
from ...core.store.failures import StoreFailure
from ..database.store_trouble import RETRY_MS, not_saved_text
from ..i18n import _
from ..qt import (
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import LineEdit, TextBox, message_label, show_message
from .autosave import Debouncer
from .extra_fields import ExtraFields
from .measures import MeasuresEditor
from .photo_strip import PhotoStrip, ThumbCache

TEXT_FIELDS = ("item_text", "issue", "result")


class EntryCard(QFrame):
    delete_requested = Signal(int)
    move_requested = Signal(int, int)  # entry id, -1 up / +1 down

    def __init__(self, session: Session, entry: Entry, framework: Framework | None,
                 debouncer: Debouncer, thumbs: ThumbCache, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.entry_id = entry.id
        assert self.entry_id is not None
        self.debouncer = debouncer
        self.pass_mark = framework.pass_mark if framework is not None else PASS_MARK
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("entry-card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)

        top = QHBoxLayout()
        self.code = QLabel(entry.code_label)
        font = QFont(self.code.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.code.setFont(font)
        top.addWidget(self.code)
        top.addStretch(1)
        self.up_button = QPushButton(_("Move up"))
        self.up_button.setToolTip(_("Move this item up in the report (Alt+Page Up)"))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.setToolTip(_("Move this item down in the report (Alt+Page Down)"))
        # Bound methods, not lambdas capturing self: no reference cycle (docs/desktop.md)
        self.up_button.clicked.connect(self._request_up)
        self.down_button.clicked.connect(self._request_down)
        top.addWidget(self.up_button)
        top.addWidget(self.down_button)
        for keys, step in (("Alt+PgUp", -1), ("Alt+PgDown", +1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(partial(self._move_by_key, step))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_button = QPushButton(_("Delete item"))
        self.delete_button.setToolTip(_("Delete this item from the report (can be undone)"))
        self.delete_button.clicked.connect(self._request_delete)
        top.addWidget(self.delete_button)
        self.history_button = QPushButton(_("History…"))
        self.history_button.setToolTip(_("Every change to this item: when, by whom, before "
                                         "and after"))
        self.history_button.clicked.connect(self.show_history)
        top.addWidget(self.history_button)
        outer.addLayout(top)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.item_text = TextBox(min_lines=1, max_lines=6)
        self.item_text.setAccessibleName(_("Item wording"))
        wording = QVBoxLayout()
        wording.setSpacing(2)
        wording.addWidget(self.item_text)
        form.addRow(_("Item wording"), wording)

        score_row = QHBoxLayout()
        self.score = LineEdit()
        self.score.setAccessibleName(_("Score"))
        self.score.setMaximumWidth(self.score.fontMetrics().horizontalAdvance("000.00") * 2)
        self.score.setPlaceholderText("0–100")
        self.pass_label = QLabel(_("pass mark {mark}").format(mark=f"{self.pass_mark:.0f}"))
        self.score_flag = QLabel()
        self.score_flag.setStyleSheet("color: #b00020; font-weight: bold;")
        score_row.addWidget(self.score)
        score_row.addWidget(self.pass_label)
        score_row.addWidget(self.score_flag)
        score_row.addStretch(1)
        self.score_error = message_label(self)
        score_box = QVBoxLayout()
        score_box.setSpacing(2)
        score_box.addLayout(score_row)
        score_box.addWidget(self.score_error)
        form.addRow(_("Score"), score_box)

        self.issue = TextBox()
        self.issue.setAccessibleName(_("Issue to improve"))
        form.addRow(_("Issue to improve"), self.issue)
        self.measures = MeasuresEditor()
        self.measures.rows_rebuilt.connect(self.fix_tab_order)
        form.addRow(_("Measures"), self.measures)
        self.result = TextBox()
        self.result.setAccessibleName(_("Result"))
        form.addRow(_("Result"), self.result)
        self.columns: tuple[str, ...] = ()  # the optional columns the report prints
        self._extra: dict[str, str] = {}
        self.extra = ExtraFields()
        form.addRow(self.extra)
        self.photos = PhotoStrip(session, self.entry_id, thumbs)
        form.addRow(_("Photos"), self.photos)
        outer.addLayout(form)
        self.save_error = message_label(self)
        outer.addWidget(self.save_error)
        self.long_warning = message_label(self, "warning")  # a cell printing over many pages
        self.long_warning.setObjectName("long-cell-warning")
        outer.addWidget(self.long_warning)

        for name in TEXT_FIELDS:
            box: TextBox = getattr(self, name)
            box.textChanged.connect(partial(self._touch, name))
            box.focus_lost.connect(partial(self._flush, name))
        self.score.textEdited.connect(self._touch_score)
        self.score.editingFinished.connect(partial(self._flush, "score"))
        self.measures.edited.connect(partial(self._touch, "measures"))
        self.measures.focus_lost.connect(partial(self._flush, "measures"))
        self.extra.edited.connect(partial(self._touch, "extra"))
        self.extra.focus_lost.connect(partial(self._flush, "extra"))
        self._read_only = False
        self._long_text = ""
        self.show_entry(entry)
        self.fix_tab_order()

    # ------------------------------------------------------------------ saving
    def _request_up(self) -> None:
        self.move_requested.emit(self.entry_id, -1)

    def _request_down(self) -> None:
        self.move_requested.emit(self.entry_id, +1)

    def _request_delete(self) -> None:
        self.delete_requested.emit(self.entry_id)

    def show_history(self) -> None:
        from .history import HistoryDialog

        self.debouncer.flush()
        dialog = HistoryDialog(self.session, self.session.report_of_entry(self.entry_id),
                               self.entry_id, self.window())
        dialog.exec()
        dialog.deleteLater()

    def _touch_score(self, _text: str) -> None:
        self._touch("score")

    def _flush(self, name: str) -> None:
        self.debouncer.run((self.entry_id, name))

    def _touch(self, name: str) -> None:
        if not self._read_only:
            self.debouncer.touch((self.entry_id, name), partial(self.save, name))

    def value(self, name: str) -> object:
        if name == "measures":
            return self.measures.saved_values()
        if name == "score":
            return self.score.text()
        if name == "extra":
            return self.extra.values()
        return getattr(self, name).text()

    def save(self, name: str) -> None:
        try:
            self.session.update_entry(self.entry_id, **{name: self.value(name)})
        except (sqlite3.Error, StoreFailure) as exc:  # disk full, locked…: keep it, retry
            show_message(self.save_error, not_saved_text(exc, self.session.trouble_seconds()))
            self.debouncer.touch((self.entry_id, name), partial(self.save, name),
                                 delay_ms=RETRY_MS)
            return
        except ItaError as exc:
            target = self.score_error if name == "score" else self.save_error
            show_message(target, exc.message)
            if name == "score":
                self.score_flag.setText("")
            return
        if name == "score":
            show_message(self.score_error, "")
        else:
            show_message(self.save_error, "")

    # ------------------------------------------------------------------ showing
    def show_entry(self, entry: Entry) -> None:
        """Show stored values, except in fields that still have a save pending."""
        self.entry_id = entry.id
        self.photos.entry_id = entry.id  # type: ignore[assignment]
        self.code.setText(entry.code_label)
        pending = lambda n: self.debouncer.is_pending((self.entry_id, n))  # noqa: E731
        for name in TEXT_FIELDS:
            if not pending(name):
                getattr(self, name).set_text_quietly(getattr(entry, name))
        if not pending("score"):
            typed = self.score.text()
            stored = format_score(entry.score)
            if self._score_value(typed) != entry.score or not self.score_error.isHidden():
                self.score.setText(stored)
                show_message(self.score_error, "")
            self._flag_score(entry.score)
        if not pending("measures"):
            self.measures.set_values(entry.measures or ([""] if not self._read_only else []))
        self._extra = dict(entry.extra)
        self._show_extra()
        self.photos.set_photos(entry.photos)
        self._warn_long(entry)

    def set_columns(self, columns: tuple[str, ...]) -> None:
        """The report's optional columns changed (or the card was just built)."""
        self.columns = columns
        self._show_extra()
        self.fix_tab_order()

    def _show_extra(self) -> None:
        pending = self.debouncer.is_pending((self.entry_id, "extra"))
        self.extra.show_values(self.columns, self._extra,
                               keep=frozenset(self.extra.widgets) if pending else frozenset())

    def _warn_long(self, entry: Entry) -> None:
        names = {"item_text": _("Item wording"), "issue": _("Issue to improve"),
                 "measures": _("Measures"), "result": _("Result")}
        lines = [_("{field} is very long: it would print as one cell over about {n} pages. "
                   "Shorten it, or put the details in an attachment.").format(
                       field=names[field], n=round(pages))
                 for field, pages in long_cells(entry)]
        self._long_text = "\n".join(lines)
        show_message(self.long_warning, "" if self._read_only else self._long_text)

    @staticmethod
    def _score_value(text: str) -> Decimal | None:
        from ...core.report.model import parse_score
        try:
            return parse_score(text)
        except ItaError:
            return None

    def _flag_score(self, score: Decimal | None) -> None:
        if score is not None and score < self.pass_mark:
            self.score_flag.setText(_("below the pass mark"))
        else:
            self.score_flag.setText("")

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for name in TEXT_FIELDS:
            getattr(self, name).setReadOnly(read_only)
        self.score.setReadOnly(read_only)
        self.measures.set_read_only(read_only)
        self.photos.set_read_only(read_only)
        self.extra.set_read_only(read_only)
        for button in (self.delete_button, self.up_button, self.down_button):
            button.setVisible(not read_only)
        show_message(self.long_warning, "" if read_only else self._long_text)  # nothing to do

    def focus_chain(self) -> list[QWidget]:
        strip = self.photos
        return [self.item_text, self.score, self.issue, *self.measures.focus_chain(),
                self.result, *self.extra.focus_chain(), strip.list, strip.add_button, strip.caption_button,
                strip.rotate_button, strip.left_button, strip.right_button, strip.view_button,
                strip.remove_button, self.up_button, self.down_button, self.delete_button]

    def fix_tab_order(self) -> None:
        """Tab walks the card top to bottom (measure rows are re-created when they change)."""
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _move_by_key(self, step: int) -> None:
        if not self._read_only:
            self.move_requested.emit(self.entry_id, step)

    def focus_first(self) -> None:
        self.score.setFocus()
