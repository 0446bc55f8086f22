"""The report editor: navigator on the left, the current indicator's form on the right.

Forms are built the first time an indicator is shown and kept, so switching back is instant.
"""

from __future__ import annotations

from ...core.framework.definition import Framework
from ...core.report.model import Report
from ...core.store.store import Change
from ..database.store_trouble import read_only_text
from ..i18n import _
from ..qt import (
    QCoreApplication,
    QLabel,
    QSplitter,
    QStackedWidget,
    Qt,
    QThreadPool,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import heading
from .autosave import Debouncer
from .indicator_form import IndicatorForm
from .navigator import Navigator
from .photo_strip import ThumbCache


class ReportEditor(QWidget):
    title_changed = Signal(str)

    def __init__(self, session: Session, report_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report_id = report_id
        self.report: Report = session.report(report_id)
        self.framework: Framework | None = session.framework(self.report)
        self.debouncer = Debouncer(parent=self)
        self.thumbs = ThumbCache(session)
        self.forms: dict[int, IndicatorForm] = {}
        self.current_indicator: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        self.title = heading("", 1.1)
        layout.addWidget(self.title)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4d6; border: 1px solid #d9b66a; padding: 6px;")
        layout.addWidget(self.banner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.navigator = Navigator()
        self.navigator.setAccessibleName(_("Indicators and items"))
        self.navigator.indicator_selected.connect(self.show_indicator)
        self.navigator.entry_selected.connect(self._entry_selected)  # bound: no cycle
        self.navigator.entry_activated.connect(self.show_entry)
        self.stack = QStackedWidget()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 1000])
        layout.addWidget(self.splitter, 1)
        if self.framework is None:
            missing = QLabel(_("The assessment framework “{id}” of this report is not "
                               "installed, so its items cannot be shown.").format(
                id=self.report.framework))
            missing.setWordWrap(True)
            self.stack.addWidget(missing)
        session.changed.connect(self._on_change)
        self._refresh_header()
        self.navigator.populate(self.report, self.framework)
        first = next((e.indicator for e in self.report.entries if e.indicator), None)
        if first is None and self.framework is not None:
            first = self.framework.instruments[0].indicators[0].number
        if first is not None:
            self.show_indicator(first)
        # build the other indicators' forms while the clerk reads, one per idle moment, so
        # that the first visit to each is as quick as later ones
        self._prebuild = [n for n in dict.fromkeys(e.indicator for e in self.report.entries)
                          if n is not None and n != first] if self.prebuild else []
        self._prebuild_timer = QTimer(self)  # a child: it dies with the editor
        self._prebuild_timer.setSingleShot(True)
        self._prebuild_timer.timeout.connect(self._prebuild_next)
        self._prebuild_timer.start(200)

    prebuild = True  # benchmarks switch it off to time a cold first visit

    def _prebuild_next(self) -> None:
        if self._prebuild:
            self.form(self._prebuild.pop(0))  # its cards then fill in a few per idle moment
            self._prebuild_timer.start(50)

    # ------------------------------------------------------------------ showing
    @property
    def read_only(self) -> bool:
        return self.report.is_final or self.session.read_only

    def _refresh_header(self) -> None:
        self.title.setText(self.report.display_title)
        self.title_changed.emit(self.report.agency)
        if self.session.read_only:
            self.banner.setText(read_only_text(self.session))
        elif self.report.is_final:
            self.banner.setText(_("This report is final and cannot be changed. To change it, "
                                  "use Report → Reopen for editing… and give a reason."))
        self.banner.setVisible(self.read_only)

    def entries_of(self, number: int) -> list:
        return [e for e in self.report.entries if e.indicator == number]

    def form(self, number: int) -> IndicatorForm | None:
        if number not in self.forms:
            indicator = self.framework.indicator(number) if self.framework else None
            if indicator is None:
                return None
            form = IndicatorForm(self.session, self.report_id, indicator, self.framework,
                                 self.debouncer, self.thumbs)
            form.set_read_only(self.read_only)
            form.set_columns(self.report.optional_columns)
            form.show_entries(self.entries_of(number), progressive=True)
            form.entry_added.connect(self.show_entry)
            self.forms[number] = form
            self.stack.addWidget(form)
        return self.forms[number]

    def show_indicator(self, number: int) -> None:
        form = self.form(number)
        if form is None:
            return
        self.current_indicator = number
        self.stack.setCurrentWidget(form)
        self.navigator.select("indicator", number)

    def _entry_selected(self, entry_id: int) -> None:
        self.show_entry(entry_id, False)

    def show_entry(self, entry_id: int, focus: bool = True) -> None:
        entry_id = self.session.entry_id(entry_id)
        entry = next((e for e in self.report.entries if e.id == entry_id), None)
        if entry is None or entry.indicator is None:
            return
        self.show_indicator(entry.indicator)
        self.navigator.select("entry", entry_id)
        form = self.forms.get(entry.indicator)
        if form is not None:
            form.reveal(entry_id, focus)

    def refused_scores(self) -> list[tuple[int, str, str]]:
        """(entry id, item, typed text) of every score field whose text was refused and so
        is not saved (after saving what is pending)."""
        self.debouncer.flush()
        return [(card.entry_id, card.code.text(), card.score.text())
                for form in self.forms.values() for card in form.cards.values()
                if not card.score_error.isHidden() and card.score_error.text()]

    def current_form(self) -> IndicatorForm | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, IndicatorForm) else None

    def add_item(self) -> None:
        form = self.current_form()
        if form is not None:
            form.add_item()

    def flush(self) -> None:
        self.debouncer.flush()

    def shutdown(self) -> None:
        """Save what is pending and stop background work (the report is being closed)."""
        self._prebuild_timer.stop()
        self._prebuild.clear()
        for form in self.forms.values():
            form.stop_building()
        importing = [card.photos for form in self.forms.values() for card in form.cards.values()
                     if card.photos.is_importing()]
        if importing:  # photos being imported are stored before the report closes
            QThreadPool.globalInstance().waitForDone(120_000)
            QCoreApplication.sendPostedEvents()  # deliver the workers' results: stored now
        self.debouncer.flush()
        self.session.changed.disconnect(self._on_change)

    # ------------------------------------------------------------------ changes
    def _on_change(self, change: Change) -> None:
        if change.report_id != self.report_id:
            return
        if change.kind in ("report-deleted",):
            return
        self.report = self.session.report(self.report_id)
        if change.kind in ("report-fields", "report-status"):
            self._refresh_header()
            for form in self.forms.values():
                form.set_columns(self.report.optional_columns)
            if change.kind == "report-status":
                for form in self.forms.values():
                    form.set_read_only(self.read_only)
        elif change.kind in ("entry-added", "entry-deleted", "entry-moved"):
            for number, form in self.forms.items():
                form.show_entries(self.entries_of(number))
        else:
            for form in self.forms.values():
                form.on_change(change)
        self.navigator.populate(self.report, self.framework)
