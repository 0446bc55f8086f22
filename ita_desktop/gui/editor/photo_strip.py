"""The photo strip of an entry: thumbnails with captions; add (file dialog, drag-and-drop from
the file manager, paste), caption, reorder (drag or Ctrl+Left/Right), rotate, remove, open large.
"""

from __future__ import annotations

from functools import partial

from ...core.base.errors import ItaError
from ...core.report.model import PhotoRef
from ...core.store.failures import StoreFailure
from ..database.store_trouble import RETRY_MS, not_saved_text
from ..i18n import _, ngettext
from ..qt import (
    QAbstractItemView,
    QBuffer,
    QDialog,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QGuiApplication,
    QHBoxLayout,
    QIcon,
    QImage,
    QIODevice,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPixmap,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSize,
    Qt,
    QTimer,
    QTransform,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import KeyHandlerSlot, message_label, show_message
from .photo_import import PhotoImport, Source

THUMB = 120
IMAGE_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.gif *.webp *.tif *.tiff *.bmp"
ROLE = Qt.ItemDataRole.UserRole


class ThumbCache:
    """Decoded thumbnails by (sha256, rotation), shared by the strips of one editor."""

    def __init__(self, session: Session, limit: int = 400):
        self.session = session
        self.limit = limit
        self._cache: dict[tuple[str, int], QPixmap] = {}

    def get(self, ref: PhotoRef) -> QPixmap:
        key = (ref.sha256, ref.rotation % 4)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(self.session.photo_bytes(ref.sha256, "thumb"), "JPEG")
            except ItaError:  # damaged in the database (checksum): an empty tile, no crash
                pixmap = QPixmap(THUMB, THUMB)
                pixmap.fill(Qt.GlobalColor.lightGray)
            if ref.rotation % 4:
                pixmap = pixmap.transformed(QTransform().rotate(90 * (ref.rotation % 4)))
            pixmap = pixmap.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            if len(self._cache) >= self.limit:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = pixmap
        return pixmap


class _List(QListWidget):
    files_dropped = Signal(list)
    moved = Signal(int, int)  # photo id, new position
    open_requested = Signal()
    key_handler = KeyHandlerSlot()  # held weakly: no cycle with the strip

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListWidget.Movement.Snap)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 24, THUMB + self.fontMetrics().lineSpacing() * 2 + 12))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.key_handler = None
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.full_height = (self.gridSize().height()
                            + self.horizontalScrollBar().sizeHint().height() + 8)
        self.setFixedHeight(self.full_height)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.source() is self:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: object) -> None:
        event.acceptProposedAction()  # type: ignore[attr-defined]

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if event.source() is self:
            item = self.currentItem()
            target = self.indexAt(event.position().toPoint()).row()
            if item is not None:
                target = self.count() - 1 if target < 0 else target
                self.moved.emit(item.data(ROLE), target)
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
            return
        if mime.hasUrls():
            paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.state() != \
                QAbstractItemView.State.EditingState and self.key_handler(event):
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class PhotoViewer(QDialog):
    """A photo at print size, fitted to the screen."""

    def __init__(self, jpeg: bytes, rotation: int, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(caption or _("Photo"))
        pixmap = QPixmap()
        pixmap.loadFromData(jpeg, "JPEG")
        if rotation % 4:
            pixmap = pixmap.transformed(QTransform().rotate(90 * (rotation % 4)))
        screen = QGuiApplication.primaryScreen().availableGeometry()
        fitted = pixmap.scaled(int(screen.width() * 0.8), int(screen.height() * 0.75),
                               Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        layout = QVBoxLayout(self)
        area = QScrollArea()
        picture = QLabel()
        picture.setPixmap(fitted)
        area.setWidget(picture)
        area.setWidgetResizable(True)
        layout.addWidget(area)
        if caption:
            text = QLabel(caption)
            text.setWordWrap(True)
            layout.addWidget(text)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(fitted.width() + 40, fitted.height() + 120)


class PhotoStrip(QWidget):
    def __init__(self, session: Session, entry_id: int, thumbs: ThumbCache,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.entry_id = entry_id
        self.thumbs = thumbs
        self._refs: list[PhotoRef] = []
        self._import: PhotoImport | None = None
        self._progress: QProgressDialog | None = None
        self._errors: list[str] = []
        self._filling = False
        self._filled_once = False
        self._failed_write = False  # a write failed (disk full, locked…): message shown
        self._last_failure: StoreFailure | None = None  # of the last ``_run``
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = _List()
        self.list.setAccessibleName(_("Photos"))
        self.list.files_dropped.connect(self.import_files)
        self.list.moved.connect(self._move_to)
        self.list.open_requested.connect(self.open_current)
        self.list.itemChanged.connect(self._caption_edited)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty_hint = QLabel(_("No photos yet. Add photos, drop picture files here, or "
                                   "paste (Ctrl+V)."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555;")
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add photos…"))
        self.caption_button = QPushButton(_("Caption"))
        self.caption_button.setToolTip(_("Edit the caption (F2)"))
        self.rotate_button = QPushButton(_("Rotate"))
        self.rotate_button.setToolTip(_("Turn 90° clockwise (Ctrl+R)"))
        self.left_button = QPushButton("◀")
        self.left_button.setToolTip(_("Move left (Ctrl+Left)"))
        self.right_button = QPushButton("▶")
        self.right_button.setToolTip(_("Move right (Ctrl+Right)"))
        self.view_button = QPushButton(_("View"))
        self.view_button.setToolTip(_("Open large (Enter)"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setToolTip(_("Remove the photo (Delete)"))
        self.add_button.clicked.connect(self.choose_files)
        self.caption_button.clicked.connect(self.edit_caption)
        self.rotate_button.clicked.connect(self.rotate_current)
        # bound methods, not lambdas capturing self: no reference cycle (docs/desktop.md)
        self.left_button.clicked.connect(partial(self.move_current, -1))
        self.right_button.clicked.connect(partial(self.move_current, +1))
        self.view_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.remove_current)
        for button in (self.add_button, self.caption_button, self.rotate_button,
                       self.left_button, self.right_button, self.view_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.messages = message_label(self)
        layout.addWidget(self.messages)
        self.list.key_handler = self._key
        self._read_only = False
        self.setAcceptDrops(True)  # files dropped anywhere on the strip (hint, buttons)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self._read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self._read_only:
            event.acceptProposedAction()
            self.import_files(paths)

    def _key(self, event: QKeyEvent) -> bool:
        mods, key = event.modifiers(), event.key()
        ctrl = Qt.KeyboardModifier.ControlModifier
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif key == Qt.Key.Key_Delete and not mods:
            self.remove_current()
        elif mods == ctrl and key == Qt.Key.Key_R:
            self.rotate_current()
        elif mods == ctrl and key == Qt.Key.Key_Left:
            self.move_current(-1)
        elif mods == ctrl and key == Qt.Key.Key_Right:
            self.move_current(+1)
        else:
            return False
        return True

    # ------------------------------------------------------------------ display
    def set_photos(self, refs: list[PhotoRef]) -> None:
        same = [(r.id, r.sha256, r.caption, r.rotation) for r in refs] == \
            [(r.id, r.sha256, r.caption, r.rotation) for r in self._refs]
        if same and self.list.count() == len(refs) and self._filled_once:
            return
        self._filled_once = True
        current = self.current_id()
        self._refs = list(refs)
        self._filling = True
        self.list.clear()
        for ref in refs:
            item = QListWidgetItem(QIcon(self.thumbs.get(ref)), ref.caption)
            item.setData(ROLE, ref.id)
            item.setToolTip(ref.caption or _("(no caption)"))
            flags = item.flags() | Qt.ItemFlag.ItemIsDragEnabled
            if not self._read_only:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            self.list.addItem(item)
            if ref.id == current:
                self.list.setCurrentItem(item)
        self._filling = False
        self.empty_hint.setVisible(not refs)
        # an empty strip stays a small drop target instead of a tall empty box
        self.list.setFixedHeight(self.list.full_height if refs
                                 else self.list.fontMetrics().lineSpacing() * 3)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.list.setAcceptDrops(not read_only)
        self.list.setDragEnabled(not read_only)
        for button in (self.add_button, self.caption_button, self.rotate_button,
                       self.left_button, self.right_button, self.remove_button):
            button.setVisible(not read_only)
        refs, self._refs = self._refs, []
        self.set_photos(refs)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(ROLE)

    def current_ref(self) -> PhotoRef | None:
        photo_id = self.current_id()
        return next((r for r in self._refs if r.id == photo_id), None)

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        for button in (self.caption_button, self.rotate_button, self.left_button,
                       self.right_button, self.view_button, self.remove_button):
            button.setEnabled(has)

    def _run(self, action) -> bool:  # noqa: ANN001
        try:
            action()
        except StoreFailure as exc:  # disk full, locked…: the cause, and it is retried
            show_message(self.messages, not_saved_text(exc, self.session.trouble_seconds()))
            self._failed_write = True
            self._last_failure = exc
            return False
        except ItaError as exc:
            show_message(self.messages, exc.message)
            return False
        if self._failed_write:
            self._failed_write = False
            show_message(self.messages, "")
        return True

    # ------------------------------------------------------------------ editing
    def _caption_edited(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        photo_id = item.data(ROLE)
        ref = next((r for r in self._refs if r.id == photo_id), None)
        if ref is not None and item.text() != ref.caption:
            self._last_failure = None
            if not self._run(lambda: self.session.update_photo(photo_id, caption=item.text())) \
                    and self._last_failure is not None:  # the caption stays: try again
                QTimer.singleShot(RETRY_MS, self, partial(self._retry_caption, photo_id))

    def _retry_caption(self, photo_id: int) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE) == photo_id:
                self._caption_edited(item)

    def edit_caption(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def rotate_current(self) -> None:
        ref = self.current_ref()
        if ref is not None and ref.id is not None and not self._read_only:
            self._run(lambda: self.session.update_photo(ref.id, rotation=(ref.rotation + 1) % 4))

    def move_current(self, step: int) -> None:
        photo_id = self.current_id()
        if photo_id is None or self._read_only:
            return
        index = self.list.currentRow() + step
        if 0 <= index < self.list.count():
            self._move_to(photo_id, index)

    def _move_to(self, photo_id: int, position: int) -> None:
        if self._read_only:
            return
        self._run(lambda: self.session.move_photo(photo_id, position))
        self.list.setFocus()

    def remove_current(self) -> None:
        photo_id = self.current_id()
        if photo_id is not None and not self._read_only:
            row = self.list.currentRow()
            if self._run(lambda: self.session.remove_photo(photo_id)) and self.list.count():
                self.list.setCurrentRow(min(row, self.list.count() - 1))

    def open_current(self) -> None:
        ref = self.current_ref()
        if ref is None:
            return
        try:
            data = self.session.photo_bytes(ref.sha256, "print")
        except ItaError as exc:  # damaged in the database: say so rather than crash
            show_message(self.messages, exc.message)
            return
        viewer = PhotoViewer(data, ref.rotation, ref.caption, self)
        viewer.exec()

    # ------------------------------------------------------------------ import
    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Add photos"), "", _("Pictures") + f" ({IMAGE_FILTER});;" + _("All files")
            + " (*)")
        if files:
            self.import_files(files)

    def paste(self) -> None:
        if self._read_only:
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        if mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.import_files(paths)
                return
        if mime.hasImage():
            image = QImage(mime.imageData())
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            self.import_files([(_("pasted picture") + ".png", bytes(buffer.data()))])

    def import_files(self, sources: list[Source]) -> PhotoImport | None:
        if self._read_only or not sources:
            return None
        show_message(self.messages, "")
        self._errors = []
        job = PhotoImport(list(sources), self)
        job.processed.connect(self._processed)
        job.failed.connect(self._failed)
        job.finished.connect(self._finished)
        self._import = job
        if len(sources) > 2:
            self._progress = QProgressDialog(_("Adding photos…"), _("Stop"), 0, len(sources), self)
            self._progress.setWindowModality(Qt.WindowModality.WindowModal)
            self._progress.setMinimumDuration(300)
            self._progress.canceled.connect(job.cancel)
        job.start()
        return job

    def _step(self) -> None:
        if self._progress is not None:
            self._progress.setValue(self._progress.value() + 1)

    def _processed(self, _index: int, photo: object) -> None:
        self._step()
        try:
            self.session.add_photo(self.entry_id, photo)  # type: ignore[arg-type]
        except ItaError as exc:
            self._errors.append(exc.message)

    def _failed(self, _index: int, name: str, message: str) -> None:
        self._step()
        # the core's message usually names the file already ("ไฟล์ “x.jpg” ไม่ใช่รูปภาพ")
        self._errors.append(message if name in message else f"{name}: {message}")

    def _finished(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        if self._errors:
            head = ngettext("{n} file was not added:", "{n} files were not added:",
                            len(self._errors)).format(n=len(self._errors))
            show_message(self.messages, head + "\n" + "\n".join(self._errors))
        self._import = None

    def is_importing(self) -> bool:
        return self._import is not None
