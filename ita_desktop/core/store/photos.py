"""Photos: the stored JPEG blobs (checked against their checksums on every read) and the
entries' photo lists.

A part of ``Store`` (store.py composes the parts); every method runs in one transaction.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from ..base.errors import NotFoundError, StoreError
from ..photos.processed import ProcessedPhoto
from ..report.model import (
    PhotoKind,
    PhotoRef,
    now_iso,
)
from ..text.safety import check_text
from . import audit, failures
from .rows import (
    Change,
    DamagedPhotoError,
    photo_key,
    photo_of,
)


@failures.translating
class PhotoTables:
    """Photos: the stored JPEG blobs (checked against their checksums on every read) and the (a part of ``Store``)."""

    def photo_bytes(self, sha256: str, kind: PhotoKind = "print") -> bytes:
        """The stored JPEG, checked against the SHA-256 recorded when it was saved: damaged
        bytes are refused rather than printed or sent to another office."""
        column = "print_jpeg" if kind == "print" else "thumb_jpeg"
        try:
            row = self.conn.execute(f"SELECT {column}, {kind}_sha256 FROM photo_blobs "
                                    "WHERE sha256 = ?", (sha256,)).fetchone()
        except sqlite3.OperationalError:  # a backup from before checksums (read-only)
            row = self.conn.execute(f"SELECT {column}, NULL FROM photo_blobs WHERE sha256 = ?",
                                    (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(f"ไม่พบภาพ {sha256[:12]}… ในฐานข้อมูล", where="photo")
        data = bytes(row[0])
        if row[1] and hashlib.sha256(data).hexdigest() != row[1]:
            raise DamagedPhotoError(
                f"ภาพ {sha256[:12]}… ในฐานข้อมูลเสียหาย (ข้อมูลไม่ตรงกับตอนบันทึก) — กู้คืนรายงาน"
                "จากสำเนาสำรอง (ita backup list / ita backup restore) หรือแนบภาพนี้ใหม่",
                where="photo", english=f"stored photo {sha256[:12]} is damaged (checksum "
                                       "mismatch); restore the report from a backup")
        return data

    def has_photo(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM photo_blobs WHERE sha256 = ?",
                                 (sha256,)).fetchone() is not None

    def photo_info(self, photo_id: int) -> tuple[int, PhotoRef]:
        """(entry id, photo) for an entry photo id."""
        row = self.conn.execute(
            "SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
            "ON b.sha256 = p.sha256 WHERE p.id = ?", (photo_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"ไม่พบภาพหมายเลข {photo_id}", where="photo")
        cols = [d[0] for d in self.conn.execute(
            "SELECT p.*, b.width, b.height FROM entry_photos p JOIN photo_blobs b "
            "ON b.sha256 = p.sha256 LIMIT 0").description]
        data = dict(zip(cols, row, strict=True))
        return data["entry_id"], photo_of(data)

    def add_photo(self, entry_id: int, photo: ProcessedPhoto, caption: str = "",
                  position: int | None = None) -> Change:
        """Attach a processed photo (see ``photos.process_photo``; do that off the GUI thread).
        The same picture is stored once however often it is attached."""
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            key = self._store_blob(photo)
            ids = self._photo_ids(entry_id)
            position = len(ids) if position is None else max(0, min(position, len(ids)))
            photo_id = self._insert_photo(entry_id, PhotoRef(key, caption), position)
            ids.insert(position, photo_id)
            self._renumber("entry_photos", ids)
            self._touch(row["report_id"])
        return Change("photos", row["report_id"], entry_id, ids=(photo_id,))

    def add_photo_file(self, entry_id: int, path: str | Path, caption: str = "") -> Change:
        from ..photos.intake import read_photo_file  # Pillow only when a photo comes in

        return self.add_photo(entry_id, read_photo_file(path), caption)

    def update_photo(self, photo_id: int, *, caption: str | None = None,
                     rotation: int | None = None) -> Change:
        with self.transaction():
            entry_id, _ = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            if caption is not None:
                check_text(caption, "caption")
                self.conn.execute("UPDATE entry_photos SET caption = ? WHERE id = ?",
                                  (caption, photo_id))
            if rotation is not None:
                self.conn.execute("UPDATE entry_photos SET rotation = ? WHERE id = ?",
                                  (rotation % 4, photo_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def move_photo(self, photo_id: int, position: int) -> Change:
        with self.transaction():
            entry_id, ref = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            ids = self._photo_ids(entry_id)
            before = ids.index(photo_id)
            ids.remove(photo_id)
            ids.insert(max(0, min(position, len(ids))), photo_id)
            self._renumber("entry_photos", ids)
            audit.record(self.conn, report_id, "photo-moved", entry_id=entry_id,
                         photo_sha256=ref.sha256, field="position", old=before,
                         new=ids.index(photo_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def remove_photo(self, photo_id: int) -> Change:
        """Detach a photo. Its stored image stays until ``vacuum_photos`` (so undo can re-attach
        it by sha256)."""
        with self.transaction():
            entry_id, _ = self.photo_info(photo_id)
            report_id = self.report_of_entry(entry_id)
            self._require_draft(self._report_row(report_id))
            self.conn.execute("DELETE FROM entry_photos WHERE id = ?", (photo_id,))
            self._renumber("entry_photos", self._photo_ids(entry_id))
            self._touch(report_id)
        return Change("photos", report_id, entry_id, ids=(photo_id,))

    def attach_stored_photo(self, entry_id: int, ref: PhotoRef,
                            position: int | None = None) -> Change:
        """Re-attach an already stored image (undo of a removal, copying between entries)."""
        if not self.has_photo(ref.sha256):
            raise NotFoundError("ภาพนี้ไม่มีในฐานข้อมูลแล้ว", where=ref.sha256[:12])
        with self.transaction():
            row = self._entry_row(entry_id)
            self._require_draft(self._report_row(row["report_id"]))
            ids = self._photo_ids(entry_id)
            position = len(ids) if position is None else max(0, min(position, len(ids)))
            photo_id = self._insert_photo(entry_id, ref, position)
            ids.insert(position, photo_id)
            self._renumber("entry_photos", ids)
            self._touch(row["report_id"])
        return Change("photos", row["report_id"], entry_id, ids=(photo_id,))

    def vacuum_photos(self) -> int:
        with self.transaction():
            return self._drop_unused_blobs()

    def _photo_ids(self, entry_id: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM entry_photos WHERE entry_id = ? ORDER BY position, id", (entry_id,))]

    def _insert_photo(self, entry_id: int, ref: PhotoRef, position: int) -> int:
        cur = self.conn.execute(
            "INSERT INTO entry_photos (entry_id, sha256, position, caption, rotation) "
            "VALUES (?, ?, ?, ?, ?)", (entry_id, ref.sha256, position, ref.caption,
                                       ref.rotation % 4))
        return int(cur.lastrowid)

    def _store_blob(self, photo: ProcessedPhoto) -> str:
        """Store the photo unless the same bytes are stored; return the name (sha256) it is
        stored under. A stored photo is never replaced: when its name is taken by other bytes
        (a package may claim any name), the photo is stored under a name computed here from
        its own bytes (``photo_key``), so no report can be made to show another's picture."""
        key, same = self._photo_slot(photo)
        if same:
            return key  # already stored, byte for byte
        self.conn.execute(
            "INSERT INTO photo_blobs (sha256, print_jpeg, thumb_jpeg, width, height, "
            "original_name, original_bytes, original_format, added_at, print_sha256, "
            "thumb_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, photo.print_jpeg, photo.thumb_jpeg, photo.width, photo.height,
             photo.original_name, photo.original_bytes, photo.original_format, now_iso(),
             hashlib.sha256(photo.print_jpeg).hexdigest(),
             hashlib.sha256(photo.thumb_jpeg).hexdigest()))
        return key

    def stored_photo_name(self, photo: ProcessedPhoto) -> str | None:
        """The name these exact bytes are stored under, or None when they are not stored."""
        key, same = self._photo_slot(photo)
        return key if same else None

    def _photo_slot(self, photo: ProcessedPhoto) -> tuple[str, bool]:
        """(name, already stored byte for byte?): the photo's own name, or when that is taken
        by other bytes the name computed from its bytes."""
        for key in (photo.sha256, photo_key(photo.print_jpeg, photo.thumb_jpeg)):
            row = self.conn.execute("SELECT print_jpeg, thumb_jpeg FROM photo_blobs "
                                    "WHERE sha256 = ?", (key,)).fetchone()
            if row is None:
                return key, False
            if bytes(row[0]) == photo.print_jpeg and bytes(row[1]) == photo.thumb_jpeg:
                return key, True
        # both names taken by other bytes (SHA-256 does not collide): refuse, never mix
        raise StoreError("ภาพในรายงานชนกับภาพอื่นในฐานข้อมูล — ไม่มีการเปลี่ยนแปลงใด ๆ",
                         where=photo.sha256[:12], english="photo name collision")

    def _drop_unused_blobs(self) -> int:
        return self.conn.execute("DELETE FROM photo_blobs WHERE sha256 NOT IN "
                                 "(SELECT sha256 FROM entry_photos) AND sha256 NOT IN "
                                 "(SELECT sha256 FROM report_history_photos)").rowcount
