"""The GUI's non-widget layer over one open database.

``Session`` owns the ``Store``, performs every operation the windows ask for, keeps the undo
stack of the open report and announces each ``Change`` the core returns (signal ``changed``)
so that each widget refreshes only what concerns it. Widgets never touch the store.

Undo records old and new values per operation (``undo_stack.py`` holds the history and the
id aliases of re-created rows).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..core.base.errors import ItaError
from ..core.framework.catalog import try_load_framework
from ..core.framework.definition import Framework
from ..core.report.model import Entry, Report
from ..core.store import Store
from ..core.store.audit import AuditEvent
from ..core.store.failures import StoreFailure
from ..core.store.store import Change, ReportSummary
from .i18n import _

if TYPE_CHECKING:
    from ..core.workflow.carry import CarryResult
from .qt import QObject, Signal
from .session_copies import KeptCopies
from .session_frameworks import FrameworkEdits
from .session_photos import PhotoEdits
from .typing_steps import TypingStep, plan
from .undo_stack import Operation, UndoStack
from .write_guard import guarded as _guard

GUI_WAIT_SECONDS = 0.5  # a write waits this long for a lock, then the edit is retried later


TEXT_FIELDS = frozenset({"item_text", "issue", "result"})  # typed text: undo by words


class Session(PhotoEdits, KeptCopies, FrameworkEdits, QObject):
    changed = Signal(object)  # core.store.store.Change
    saved = Signal(str)  # "hh:mm:ss" of the last write
    undo_changed = Signal()
    failed = Signal(str)  # a message for the clerk (undo/redo that could not be applied)
    trouble = Signal(object)  # a StoreFailure while writes fail; None once they work again

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._history = UndoStack()
        self._trashed: list[int] = []
        self.last_saved: str | None = None
        self.trouble_now: StoreFailure | None = None
        self.trouble_since: float | None = None  # time.monotonic() of the first failure
        store.wait_seconds = min(store.wait_seconds, GUI_WAIT_SECONDS)  # never freeze long

        from ..core.store.backup import enable_auto_backups

        self.auto_backup = enable_auto_backups(store)  # before finalise, import, delete...

    # ------------------------------------------------------------------ plumbing
    @property
    def path(self) -> str:
        return str(self.store.path) if self.store.path else ":memory:"

    def close(self) -> None:
        """Delete for good the reports trashed in this run, then close the database."""
        if self._trashed:
            try:
                self.store.purge_trash()
            except ItaError:
                pass  # no backup possible (or damaged): the deleted reports stay in the trash
            self._trashed.clear()
        self.store.close()

    @property
    def read_only(self) -> bool:
        """Opened read-only (another copy edits the database, or it cannot be written)."""
        return self.store.read_only

    def report_trouble(self, exc: StoreFailure) -> None:
        """A write failed; the edit stays on screen and is retried (see entry_card)."""
        if self.trouble_since is None:
            self.trouble_since = time.monotonic()
        self.trouble_now = exc
        self.trouble.emit(exc)

    def trouble_seconds(self) -> float:
        return 0.0 if self.trouble_since is None else time.monotonic() - self.trouble_since

    def history(self, report_id: int, entry_id: int | None = None) -> list[AuditEvent]:
        return self.store.history(report_id, None if entry_id is None
                                  else self.entry_id(entry_id))

    def _emit(self, changes: list[Change] | Change) -> None:
        if isinstance(changes, Change):
            changes = [changes]
        if self.trouble_now is not None:  # a write went through: the trouble is over
            self.trouble_now, self.trouble_since = None, None
            self.trouble.emit(None)
        self.last_saved = dt.datetime.now().strftime("%H:%M:%S")
        for change in changes:
            self.changed.emit(change)
        self.saved.emit(self.last_saved)

    def _push(self, op: Operation) -> None:
        self._history.push(op)
        self.undo_changed.emit()

    def clear_undo(self) -> None:
        self._history.clear()
        self.undo_changed.emit()

    def can_undo(self) -> bool:
        return bool(self._history.done)

    def can_redo(self) -> bool:
        return bool(self._history.undone)

    def undo_label(self) -> str:
        return self._history.undo_label()

    def redo_label(self) -> str:
        return self._history.redo_label()

    def undo(self) -> None:
        if not self._history.done:
            return
        op = self._history.done.pop()
        try:
            changes = op.undo()
        except ItaError as exc:
            self.failed.emit(exc.message)
            self.undo_changed.emit()
            return
        if self._history.done:  # typing after an undo starts a step of its own
            self._history.done[-1].key = None
        self._history.undone.append(op)
        self._emit(changes)
        self.undo_changed.emit()

    def redo(self) -> None:
        if not self._history.undone:
            return
        op = self._history.undone.pop()
        try:
            changes = op.redo()
        except ItaError as exc:
            self.failed.emit(exc.message)
            self.undo_changed.emit()
            return
        op.key = None  # never merge into a redone step
        self._history.done.append(op)
        self._emit(changes)
        self.undo_changed.emit()

    def entry_id(self, entry_id: int) -> int:
        """The current id of an entry some older operation knew by ``entry_id``."""
        return self._history.entry_id(entry_id)

    def photo_id(self, photo_id: int) -> int:
        return self._history.photo_id(photo_id)

    # ------------------------------------------------------------------ reading
    def list_reports(self) -> list[ReportSummary]:
        return self.store.list_reports()

    def framework_usage(self) -> dict[str, list[int]]:
        """Framework id -> the reports on it, trashed ones too (a framework they use is never
        changed in place: core/framework/versions.py)."""
        from ..core.framework.versions import usage

        return usage(self.store.list_reports(include_trashed=True))

    def report(self, report_id: int) -> Report:
        return self.store.get_report(report_id)

    def report_of_entry(self, entry_id: int) -> int:
        return self.store.report_of_entry(self.entry_id(entry_id))

    def entry(self, entry_id: int) -> Entry:
        return self.store.get_entry(self.entry_id(entry_id))

    def photo_bytes(self, sha256: str, kind: str = "thumb") -> bytes:
        return self.store.photo_bytes(sha256, kind)  # type: ignore[arg-type]

    @staticmethod
    def framework(report: Report) -> Framework | None:
        return try_load_framework(report.framework)

    # ------------------------------------------------------------------ reports
    def create_report(self, report: Report) -> int:
        report_id = self.store.create_report(report)
        self._emit(Change("report-created", report_id))
        return report_id

    def create_demo(self) -> int:
        from ..core.workflow import demo  # its photos need Pillow: loaded when asked

        report_id = demo.create_demo(self.store)
        self._emit(Change("report-created", report_id))
        return report_id

    def carry_forward(self, report_id: int, kind: str) -> CarryResult:
        """``kind`` "12m": the 12-month report of the same year; "next": next year's."""
        from ..core.workflow import carry

        if kind == "12m":
            result = carry.carry_to_12_months(self.store, report_id)
        else:
            result = carry.carry_to_next_year(self.store, report_id)
        self._emit(Change("report-created", result.report_id))
        return result

    def trash_report(self, report_id: int) -> None:
        self._emit(self.store.trash_report(report_id))
        self._trashed.append(report_id)

    def can_restore(self) -> bool:
        return bool(self._trashed)

    def restore_last_trashed(self) -> int | None:
        if not self._trashed:
            return None
        report_id = self._trashed.pop()
        self._emit(self.store.restore_report(report_id))
        return report_id

    @_guard()
    def update_report(self, report_id: int, **fields: Any) -> None:
        current = self.store.get_report(report_id)
        old = {key: getattr(current, key) for key in fields}
        change = self.store.update_report(report_id, **fields)
        self._push(Operation(
            _("Edit report properties"),
            undo=lambda: [self.store.update_report(report_id, **old)],
            redo=lambda: [self.store.update_report(report_id, **fields)],
            key=("report", report_id, tuple(sorted(fields)))))
        self._emit(change)

    @_guard()
    def finalise(self, report_id: int) -> None:
        from ..core.workflow.finalise import finalise_report  # with the renderer: on first use

        self._emit(finalise_report(self.store, report_id))
        self.clear_undo()

    @_guard()
    def reopen(self, report_id: int, reason: str) -> None:
        self._emit(self.store.reopen(report_id, reason))
        self.clear_undo()

    # ------------------------------------------------------------------ entries
    @_guard()
    def add_entry(self, report_id: int, entry: Entry) -> int:
        change = self.store.add_entry(report_id, entry)
        assert change.entry_id is not None
        first_id = change.entry_id
        stored = self.store.get_entry(first_id)
        position = stored.position

        def undo() -> list[Change]:
            return [self.store.delete_entry(self.entry_id(first_id))]

        def redo() -> list[Change]:
            old = self.entry_id(first_id)
            again = self.store.add_entry(report_id, replace(stored, id=None), position)
            assert again.entry_id is not None
            self._history.realias(self._history.entry_aliases, old, again.entry_id)
            return [again]

        self._push(Operation(_("Add item {code}").format(code=stored.code_label), undo, redo))
        self._emit(change)
        return first_id

    @_guard(swallow=True)
    def delete_entry(self, entry_id: int) -> None:
        entry_id = self.entry_id(entry_id)
        snapshot = self.store.get_entry(entry_id)
        report_id = self.store.report_of_entry(entry_id)
        change = self.store.delete_entry(entry_id)

        def undo() -> list[Change]:
            old = self.entry_id(entry_id)
            added = self.store.add_entry(report_id, replace(snapshot, id=None, photos=[]),
                                         snapshot.position)
            assert added.entry_id is not None
            self._history.realias(self._history.entry_aliases, old, added.entry_id)
            changes = [added]
            for position, ref in enumerate(snapshot.photos):
                attached = self.store.attach_stored_photo(added.entry_id, ref, position)
                if ref.id is not None and attached.ids:
                    self._history.realias(self._history.photo_aliases, self.photo_id(ref.id), attached.ids[0])
                changes.append(attached)
            return changes

        def redo() -> list[Change]:
            return [self.store.delete_entry(self.entry_id(entry_id))]

        self._push(Operation(_("Delete item {code}").format(code=snapshot.code_label),
                             undo, redo))
        self._emit(change)

    @_guard(swallow=True)
    def move_entry(self, entry_id: int, position: int) -> None:
        """Put an entry at ``position`` in the report order."""
        entry_id = self.entry_id(entry_id)
        old = self.store.get_entry(entry_id).position
        if old == position:
            return
        change = self.store.move_entry(entry_id, position)
        self._push(Operation(
            _("Move item"),
            undo=lambda: [self.store.move_entry(self.entry_id(entry_id), old)],
            redo=lambda: [self.store.move_entry(self.entry_id(entry_id), position)]))
        self._emit(change)

    @_guard()
    def update_entry(self, entry_id: int, **fields: Any) -> None:
        """Save fields of an entry (raises ValidationError, saving nothing, for a bad value)."""
        entry_id = self.entry_id(entry_id)
        current = self.store.get_entry(entry_id)
        old = {key: getattr(current, key) for key in fields}
        change = self.store.update_entry(entry_id, **fields)
        new = {key: getattr(self.store.get_entry(entry_id), key) for key in fields}
        if new == old:
            self._emit(change)
            return
        if len(fields) == 1 and set(fields) <= TEXT_FIELDS:
            self._push_typing(entry_id, current.code_label, *fields, old, new)
            self._emit(change)
            return
        self._push(Operation(
            _("Edit item {code}").format(code=current.code_label),
            undo=lambda: [self.store.update_entry(self.entry_id(entry_id), **old)],
            redo=lambda: [self.store.update_entry(self.entry_id(entry_id), **new)],
            key=("entry", entry_id, tuple(sorted(fields)))))
        self._emit(change)

    def _push_typing(self, entry_id: int, code: str, name: str, old: dict[str, Any],
                     new: dict[str, Any]) -> None:
        """Typed text: one undo step per word or pause (typing_steps), not per save."""
        before = str(old[name] or "")
        key = ("entry", entry_id, (name,))
        top = self._history.top()
        open_step = top.typing if top is not None and top.key == key else None
        now = time.monotonic()
        ends_at, steps = plan(open_step, before, str(new[name] or ""),
                              now - top.at if top is not None else 0.0)
        if ends_at is not None and top is not None and open_step is not None:
            top.redo = partial(self._set_text, entry_id, name, ends_at)  # the word goes on
            top.at = now
            open_step.after = before = ends_at
            self._history.undone.clear()
            self.undo_changed.emit()
        for after in steps:
            self._push(Operation(
                _("Edit item {code}").format(code=code),
                undo=partial(self._set_text, entry_id, name, before),
                redo=partial(self._set_text, entry_id, name, after),
                key=key, typing=TypingStep(before, after)))
            before = after

    def _set_text(self, entry_id: int, name: str, text: str) -> list[Change]:
        return [self.store.update_entry(self.entry_id(entry_id), **{name: text})]

    # ------------------------------------------------------------------ result sheet
    def set_scores(self, report_id: int, values: dict[tuple[str, str], Any],
                   origin: str | Mapping[tuple[str, str], str] = "") -> None:
        """Apply result-sheet scores (None removes one) as one undo step; ``origin`` says
        how each was made ("typed", "pasted", "imported:<file>") for the audit trail."""
        current = self.store.get_scores(report_id)
        old = {key: current.get(key) for key in values}
        change = self.store.set_scores(report_id, values, origin)
        self._push(Operation(
            _("Result sheet: {n} scores").format(n=len(values)),
            undo=lambda: [self.store.set_scores(report_id, old, "undo")],
            redo=lambda: [self.store.set_scores(report_id, values, "redo")]))
        self._emit(change)

    def add_below_pass(self, report_id: int) -> int:
        """Entries for the items under the pass mark that have none, as one undo step; returns
        how many were added."""
        change = self.store.add_below_pass_entries(report_id)
        if not change.ids:
            return 0
        added = list(change.ids)

        def undo() -> list[Change]:
            with self.store.transaction():  # all or nothing
                return [self.store.delete_entry(self.entry_id(i)) for i in added]

        def redo() -> list[Change]:
            again = self.store.add_below_pass_entries(report_id)
            for old, new in zip(added, again.ids, strict=False):
                self._history.realias(self._history.entry_aliases, self.entry_id(old), new)
            return [again]

        self._push(Operation(_("Add items under the pass mark"), undo, redo))
        self._emit(change)
        return len(added)

    # ------------------------------------------------------------------ checks and printing
    def check(self, report_id: int) -> list:
        """Problems the finalise check finds (core.checks)."""
        from ..core.workflow.finalise import check_report

        report = self.store.get_report(report_id)
        return check_report(report, self.framework(report))

    def renderer(self, report_id: int) -> Callable[[], bytes]:
        """A callable that renders the report's PDF; safe to run in a worker thread: it opens
        its own connection to the database (WAL lets it read while the window writes)."""
        path = self.store.path
        read_only = self.store.read_only  # a read-only medium, or another copy edits it

        def render() -> bytes:
            from ..core.render import render_pdf

            with Store.open(path, read_only=read_only, check=False) as store:  # checked
                report = store.get_report(report_id)
                return render_pdf(report, store, try_load_framework(report.framework))

        if path is None:  # an in-memory database cannot be shared: render on this thread
            report = self.store.get_report(report_id)
            pdf = __import__("ita_desktop.core.render", fromlist=["render_pdf"]).render_pdf(
                report, self.store, self.framework(report))
            return lambda: pdf
        return render
