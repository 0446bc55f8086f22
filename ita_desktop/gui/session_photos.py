"""The session's photo edits: add, caption and rotate, move, remove — each one undo step
(a removed photo comes back with a new id: ``UndoStack.photo_aliases``)."""

from __future__ import annotations

from dataclasses import replace

from ..core.photos.processed import ProcessedPhoto
from ..core.report.model import PhotoRef
from ..core.store.store import Change
from .i18n import _
from .session_part import SessionPart
from .undo_stack import Operation
from .write_guard import guarded as _guard


class PhotoEdits(SessionPart):
    @_guard()
    def add_photo(self, entry_id: int, photo: ProcessedPhoto, caption: str = "") -> int:
        entry_id = self.entry_id(entry_id)
        change = self.store.add_photo(entry_id, photo, caption)
        first_id = change.ids[0]
        _entry, ref = self.store.photo_info(first_id)
        position = len(self.store.get_entry(entry_id).photos) - 1

        def undo() -> list[Change]:
            return [self.store.remove_photo(self.photo_id(first_id))]

        def redo() -> list[Change]:
            old = self.photo_id(first_id)
            again = self.store.attach_stored_photo(self.entry_id(entry_id), ref, position)
            self._history.realias(self._history.photo_aliases, old, again.ids[0])
            return [again]

        self._push(Operation(_("Add photo"), undo, redo))
        self._emit(change)
        return first_id

    @_guard()
    def update_photo(self, photo_id: int, *, caption: str | None = None,
                     rotation: int | None = None) -> None:
        photo_id = self.photo_id(photo_id)
        _entry, ref = self.store.photo_info(photo_id)
        change = self.store.update_photo(photo_id, caption=caption, rotation=rotation)
        old_caption = ref.caption if caption is not None else None
        old_rotation = ref.rotation if rotation is not None else None
        self._push(Operation(
            _("Edit photo"),
            undo=lambda: [self.store.update_photo(self.photo_id(photo_id), caption=old_caption,
                                                  rotation=old_rotation)],
            redo=lambda: [self.store.update_photo(self.photo_id(photo_id), caption=caption,
                                                  rotation=rotation)],
            key=("photo", photo_id, caption is not None) if rotation is None else None))
        self._emit(change)

    @_guard()
    def move_photo(self, photo_id: int, position: int) -> None:
        photo_id = self.photo_id(photo_id)
        entry_id, _ref = self.store.photo_info(photo_id)
        old_position = [p.id for p in self.store.get_entry(entry_id).photos].index(photo_id)
        if old_position == position:
            return
        change = self.store.move_photo(photo_id, position)
        self._push(Operation(
            _("Move photo"),
            undo=lambda: [self.store.move_photo(self.photo_id(photo_id), old_position)],
            redo=lambda: [self.store.move_photo(self.photo_id(photo_id), position)]))
        self._emit(change)

    @_guard()
    def remove_photo(self, photo_id: int) -> None:
        photo_id = self.photo_id(photo_id)
        entry_id, ref = self.store.photo_info(photo_id)
        position = [p.id for p in self.store.get_entry(entry_id).photos].index(photo_id)
        change = self.store.remove_photo(photo_id)

        def undo() -> list[Change]:
            again = self.store.attach_stored_photo(self.entry_id(entry_id),
                                                   replace(ref, id=None), position)
            self._history.realias(self._history.photo_aliases, self.photo_id(photo_id), again.ids[0])
            return [again]

        def redo() -> list[Change]:
            return [self.store.remove_photo(self.photo_id(photo_id))]

        self._push(Operation(_("Remove photo"), undo, redo))
        self._emit(change)

    def photo_entry(self, photo_id: int) -> tuple[int, PhotoRef]:
        return self.store.photo_info(self.photo_id(photo_id))

