"""Thai for the texts Qt itself draws: the standard buttons (OK, Cancel, Yes, No … of message
boxes and input dialogs) and the right-click menu of text fields. Qt ships no Thai translation
(there is no qtbase_th.qm), so without this a Thai clerk met "OK" / "Cancel" / "Copy"."""

from __future__ import annotations

from .i18n import N_, _
from .qt import QCoreApplication, QTranslator

_BUTTONS = (N_("OK"), N_("Cancel"), N_("Close"), N_("&Yes"), N_("&No"), N_("Yes to &All"),
            N_("N&o to All"), N_("Save"), N_("Save All"), N_("Don't Save"), N_("Discard"),
            N_("Apply"), N_("Reset"), N_("Restore Defaults"), N_("Help"), N_("Open"),
            N_("Abort"), N_("Retry"), N_("Ignore"))
_EDIT_MENU = (N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
              N_("Select All"), N_("Copy &Link Location"))
TEXTS: dict[str, frozenset[str]] = {
    "QPlatformTheme": frozenset(_BUTTONS),
    "QDialogButtonBox": frozenset(_BUTTONS),
    "QMessageBox": frozenset(_BUTTONS),
    "QLineEdit": frozenset(_EDIT_MENU),
    "QWidgetTextControl": frozenset(_EDIT_MENU),
}


class QtTexts(QTranslator):
    """Answers Qt's own lookups from the app's gettext catalog (so it follows View → Language)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # noqa: ARG002 - Qt API
        if source in TEXTS.get(context, ()):
            text = _(source)
            if text != source:
                return text
        return None  # a null string: not ours, Qt keeps its own text ("" would blank it)


def install(app: QCoreApplication) -> None:
    """Once per application."""
    if getattr(app, "_ita_qt_texts", None) is None:
        translator = QtTexts(app)
        app.installTranslator(translator)
        app._ita_qt_texts = translator  # type: ignore[attr-defined]
