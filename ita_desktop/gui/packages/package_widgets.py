"""Widgets shared by the export and import dialogs and the consolidation window: the per-file
result list, the conflict question, saving bytes to a file the user chooses, calm error boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...core.base.atomic import write_atomically
from ...core.base.errors import ItaError
from ...core.package.consolidate import FileResult
from ...core.package.importer import OnConflict
from ..i18n import _
from ..jobs import Failure
from ..printing.preview_output import documents_dir
from ..qt import (
    QAbstractItemView,
    QBrush,
    QCheckBox,
    QColor,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

OK_COLOUR = QColor("#1b5e20")  # dark green
WARN_COLOUR = QColor("#6b4a00")  # dark amber-brown (as in finalise.py)
ERROR_COLOUR = QColor("#a1111b")  # dark red; never the only cue: a word and an icon go with it
ROLE_RESULT = Qt.ItemDataRole.UserRole

_last_dir: dict[str, Path] = {}  # per kind of file ("package", "xlsx", ...): last folder used


# ------------------------------------------------------------------ words
def result_word(result: FileResult, skipped: bool = False) -> str:
    if skipped:
        return _("Skipped")
    return {
        "imported": _("Imported"),
        "replaced": _("Imported, replaced the older one"),
        "unchanged": _("Already here, no change"),
        "conflict": _("Waiting for your choice"),
        "refused": _("Not imported"),
    }[result.status]


def result_colour(result: FileResult, skipped: bool = False) -> QColor:
    if result.ok:
        return OK_COLOUR
    return WARN_COLOUR if result.status == "conflict" or skipped else ERROR_COLOUR


# ------------------------------------------------------------------ result list
class ResultList(QTreeWidget):
    """One row per file: name, result (word, icon, colour), the Thai message."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([_("File"), _("Import result"), _("Details")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 24)
        self.setColumnWidth(1, self.fontMetrics().averageCharWidth() * 18)
        style = self.style()
        self._icons = {
            "ok": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            "warn": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
        }
        self._rows: dict[Path, QTreeWidgetItem] = {}
        # the whole message of the chosen file (long reasons do not fit in the row);
        # the owner puts this label under the list
        self.detail = QLabel()
        self.detail.setObjectName("result-detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.currentItemChanged.connect(self._show_detail)

    def set_result(self, result: FileResult, skipped: bool = False) -> QTreeWidgetItem:
        """Add the file's row, or update it when the file is already listed."""
        item = self._rows.get(result.path)
        if item is None:
            item = QTreeWidgetItem(self)
            self._rows[result.path] = item
        kind = "ok" if result.ok else "warn" if (result.status == "conflict" or skipped) \
            else "error"
        message = result.message if not skipped else _(
            "Nothing was imported from this file (you chose to skip it).")
        item.setText(0, result.path.name)
        item.setToolTip(0, str(result.path))
        item.setText(1, result_word(result, skipped))
        item.setIcon(1, self._icons[kind])
        item.setForeground(1, QBrush(result_colour(result, skipped)))
        item.setText(2, message)
        item.setToolTip(2, message)
        item.setData(0, ROLE_RESULT, result)
        self.scrollToItem(item)
        for column, cap in ((0, 34), (1, 24)):  # wide enough for the names, within reason
            wanted = self.sizeHintForColumn(column) + 12
            limit = self.fontMetrics().averageCharWidth() * cap
            self.setColumnWidth(column, max(self.columnWidth(column), min(wanted, limit)))
        if item is self.currentItem():
            self._show_detail(item)
        return item

    def clear_results(self) -> None:
        self.clear()
        self._rows.clear()
        self.detail.hide()

    def _show_detail(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            self.detail.hide()
            return
        name, message = item.text(0), item.text(2)
        self.detail.setText(message if message.startswith(name) else f"{name}: {message}")
        self.detail.setVisible(True)

    def select_first_problem_or_ok(self, skipped: set[Path] | None = None) -> None:
        """Select the first refused file (its reason shows below the list), else the first
        imported one (ready to be opened)."""
        rows = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        refused = [r for r in rows if r.data(0, ROLE_RESULT).status == "refused"]
        ok = [r for r in rows if r.data(0, ROLE_RESULT).ok
              and r.data(0, ROLE_RESULT).path not in (skipped or set())]
        chosen = (refused or ok or [None])[0]
        if chosen is not None:
            self.setCurrentItem(chosen)
            self.scrollToItem(chosen)

    def results(self) -> list[FileResult]:
        return [self.topLevelItem(i).data(0, ROLE_RESULT) for i in range(self.topLevelItemCount())]

    def row_texts(self) -> list[tuple[str, str, str]]:
        """(file, result, message) of every row, in order (tests, accessibility)."""
        out = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            out.append((item.text(0), item.text(1), item.text(2)))
        return out


# ------------------------------------------------------------------ the conflict question
def ask_conflict(parent: QWidget, result: FileResult, more: int = 0
                 ) -> tuple[OnConflict | None, bool]:
    """Ask what to do with a package whose office already has another report for the same
    year and round. Returns ("replace" | "keep-both" | None for skip, apply to the rest)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    kind = getattr(result, "conflict_kind", "")
    box.setWindowTitle(_("This report belongs to another office here") if kind == "office" else
                       _("An unusual version number") if kind == "revision" else
                       _("Another report for the same round"))
    if kind in ("office", "revision"):  # a package that may have been altered: say so
        box.setIcon(QMessageBox.Icon.Warning)
    box.setText(result.message)
    box.setInformativeText(_(
        "Replace: the report already here is kept in its history and the one in {file} takes "
        "its place.\nKeep both: both reports are kept side by side.\nSkip: nothing is "
        "imported from this file.").format(file=result.path.name) + (
        "\n" + _("A replaced report can be seen and restored with File › Replaced versions…")
        if kind else ""))
    replace = box.addButton(_("Replace the report here"), QMessageBox.ButtonRole.AcceptRole)
    replace.setObjectName("conflict-replace")
    both = box.addButton(_("Keep both"), QMessageBox.ButtonRole.AcceptRole)
    both.setObjectName("conflict-keep-both")
    skip = box.addButton(_("Skip this file"), QMessageBox.ButtonRole.RejectRole)
    skip.setObjectName("conflict-skip")
    box.setDefaultButton(skip)  # the safe choice for an Enter pressed by habit
    box.setEscapeButton(skip)
    every: QCheckBox | None = None
    if more:
        every = QCheckBox(_("Do the same for the other {n} files like this").format(n=more))
        every.setObjectName("conflict-all")
        box.setCheckBox(every)
    box.exec()
    clicked = box.clickedButton()
    choice: OnConflict | None = ("replace" if clicked is replace else
                                 "keep-both" if clicked is both else None)
    return choice, bool(every is not None and every.isChecked())


# ------------------------------------------------------------------ saving
def choose_save_path(parent: QWidget, kind: str, title: str, suggested_name: str,
                     file_filter: str, suffix: str) -> Path | None:
    """Ask where to save (starting in the last folder used for ``kind``); the suffix is added
    when the user left it out."""
    folder = _last_dir.get(kind) or _last_dir.get("any") or documents_dir()
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(folder / suggested_name),
                                                  file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    return path


def write_file(parent: QWidget, kind: str, path: Path, data: bytes) -> bool:
    """Write ``data`` atomically (the old file or the whole new one, never half); a calm
    message when it cannot be written. True when written."""
    try:
        write_atomically(path, data)
    except ItaError as exc:  # the output path refused (a missing folder, a device, …)
        warn(parent, _("Could not save the file"), str(exc))
        return False
    except PermissionError:
        warn(parent, _("Could not save the file"),
             _("The file {name} could not be written. It may be open in another program (close "
               "it there) or the folder may be read-only. Try again or choose another name or "
               "folder.").format(name=path.name))
        return False
    except OSError as exc:
        warn(parent, _("Could not save the file"),
             _("The file {name} could not be written ({reason}). Try again or choose another "
               "folder.").format(name=path.name, reason=exc.strerror or exc))
        return False
    _last_dir[kind] = _last_dir["any"] = path.parent
    return True


def save_bytes(parent: QWidget, kind: str, title: str, suggested_name: str, file_filter: str,
               suffix: str, data: bytes) -> Path | None:
    path = choose_save_path(parent, kind, title, suggested_name, file_filter, suffix)
    if path is None or not write_file(parent, kind, path, data):
        return None
    return path


def choose_open_paths(parent: QWidget, kind: str, title: str, file_filter: str) -> list[Path]:
    folder = _last_dir.get(kind) or documents_dir()
    chosen, _filter = QFileDialog.getOpenFileNames(parent, title, str(folder), file_filter)
    paths = [Path(p) for p in chosen]
    if paths:
        _last_dir[kind] = paths[0].parent
    return paths


def choose_folder(parent: QWidget, kind: str, title: str) -> Path | None:
    folder = _last_dir.get(kind) or documents_dir()
    chosen = QFileDialog.getExistingDirectory(parent, title, str(folder))
    if not chosen:
        return None
    _last_dir[kind] = Path(chosen)
    return Path(chosen)


# ------------------------------------------------------------------ messages
def warn(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def failure_text(failure: Failure) -> tuple[str, str]:
    """(message, details) for a job that failed: the Thai message of an ItaError, or a calm
    generic message with the technical details."""
    if failure.is_expected:
        error = failure.error
        assert isinstance(error, ItaError)
        return error.text(), ""
    return (_("Something unexpected went wrong. Nothing was changed and your reports are "
              "safe. Try again; if it happens again, send the details below to the person "
              "who supports this program."), failure.details)


def show_failure(parent: QWidget, title: str, failure: Failure) -> None:
    text, details = failure_text(failure)
    warn(parent, title, text, details)


def button(text: str, name: str, parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setObjectName(name)
    return widget


def paths_text(paths: Sequence[Path]) -> str:
    return ", ".join(p.name for p in paths)


def choose_package_folder(parent: QWidget) -> list[Path]:
    """The packages (.itapkg) of a folder the clerk chooses; [] if none (and says so)."""
    from ...core.package.consolidate import package_files

    folder = choose_folder(parent, "consolidate", _("Choose the folder with the packages"))
    if folder is None:
        return []
    files = package_files([folder])
    if not files:
        warn(parent, _("No packages in this folder"),
             _("The folder {folder} has no package files (.itapkg). Choose the folder where "
               "you saved the files the offices sent.").format(folder=str(folder)))
    return files


def choose_package_files(parent: QWidget) -> list[Path]:
    return choose_open_paths(parent, "consolidate", _("Choose packages to import"),
                             _("ITA packages (*.itapkg);;All files (*)"))
