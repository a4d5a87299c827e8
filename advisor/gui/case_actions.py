"""New / Open / Save / Delete / Print and autosave, for the main window (a mixin).

With the case store open (unlocked), Save writes a new version of the case to the store (asking for
the consents the law requires first), autosave keeps an encrypted draft, and the cases pane lists
stored cases. Without it, Save writes a case file (.json, atomically) and autosave says it cannot
run. "Save as…" always exports a case file — the portable answer file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from advisor.gui.i18n import lang, tr


class CaseActions:
    """File and case actions; the MainWindow provides services, interview, cases, start_case(),
    show_message(), saved_label and _update_title()."""

    services: Any
    interview: Any
    cases: Any
    settings: Any
    current_path: Path | None
    case_id: int | None
    draft_id: str | None
    dirty: bool

    # ------------------------------------------------------------------ helpers
    def _confirm_discard(self) -> bool:
        """True when it is fine to replace the current case (saved, or the worker says so)."""
        from PySide6.QtWidgets import QMessageBox

        if not self.dirty or self.interview is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved answers"),
                          tr("The answers of this case are not saved. Save them first?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)  # type: ignore[arg-type]
        choice = box.exec()
        if choice == QMessageBox.StandardButton.Save:
            return self.save()
        if choice == QMessageBox.StandardButton.Discard:
            self._discard_draft()
            return True
        return False

    def _warn(self, title: str, exc: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, exc.message(lang()))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ new / open
    def new_case(self) -> None:
        """Start a new, empty interview."""
        if self.interview is None or not self._confirm_discard():
            return
        from advisor.gui.interview.answers import Answers

        self.start_case(Answers({"city": self.settings.get("default_city") or None}), None)
        self.show_message(tr("New case"))

    def open_file(self) -> None:
        """Open a case file (.json)."""
        from PySide6.QtWidgets import QFileDialog

        if self.interview is None or not self._confirm_discard():
            return
        path, _f = QFileDialog.getOpenFileName(self, tr("Open a case file"), "",  # type: ignore[arg-type]
                                               tr("Case files (*.json)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Read a case file into the interview (problems are listed, nothing changes)."""
        from advisor.gui.interview.answers import Answers
        from advisor.gui.services import ServiceError

        try:
            case = self.services.open_case_file(path)
        except ServiceError as exc:
            self._warn(tr("The case file cannot be used"), exc)
            return False
        self.start_case(Answers(self.services.case_dict(case)), path)
        self.cases.remember_file(case.applicant.name, case.city, path)
        self.show_message(tr("Opened %1").replace("%1", path.name))
        return True

    def open_chosen(self, ref: Any) -> None:
        """Open a case chosen in the cases pane (a stored case or this session's file)."""
        if not ref or not self._confirm_discard():
            return
        kind, key = ref
        if kind == "file":
            self.load_file(Path(key))
            return
        from advisor.gui.interview.answers import Answers
        from advisor.gui.services import ServiceError

        try:
            case = self.services.open_case(key)
        except ServiceError as exc:
            self._warn(tr("The case cannot be opened"), exc)
            return
        self.start_case(Answers(self.services.case_dict(case)), None, key)
        self.show_message(tr("Opened the stored case"))

    # ------------------------------------------------------------------ save
    def _case_for_saving(self) -> Any:
        from PySide6.QtWidgets import QMessageBox

        problems = self.interview.problems()
        case = self.interview.checked.case if self.interview.checked else None
        if case is None:
            QMessageBox.information(self, tr("Not saved"), tr("Choose the city first (page 1)."))  # type: ignore
            self.interview.focus_fact("case.city")
            return None
        if problems:
            listed = "\n".join(f"• {q}: {p}" for q, p in problems[:8])
            more = "\n…" if len(problems) > 8 else ""
            choice = QMessageBox.question(
                self, tr("Some answers have problems"),  # type: ignore[arg-type]
                tr("These answers have problems and will be saved as \"unknown\":") + f"\n{listed}{more}\n\n"
                + tr("Save anyway?"))
            if choice != QMessageBox.StandardButton.Yes:
                return None
        return case

    def save(self) -> bool:
        """Save (Ctrl+S): to the case store when it is open, else to the case file (named once)."""
        if self.interview is None:
            return False
        if self.services.store_available():
            return self._save_to_store()
        if self.current_path is None:
            return self.save_as()
        return self._write(self.current_path)

    def save_as(self) -> bool:
        """Save the answers to a (new) case file — also an export when the store is used."""
        from PySide6.QtWidgets import QFileDialog

        if self.interview is None:
            return False
        suggested = f"case-{datetime.now():%Y%m%d-%H%M}.json"
        path, _f = QFileDialog.getSaveFileName(self, tr("Save the case file"), suggested,  # type: ignore[arg-type]
                                               tr("Case files (*.json)"))
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".json":
            target = target.with_suffix(".json")
        return self._write(target)

    def _write(self, path: Path) -> bool:
        from advisor.gui.services import ServiceError

        case = self._case_for_saving()
        if case is None:
            return False
        try:
            self.services.save_case_file(case, path)
        except ServiceError as exc:
            self._warn(tr("Not saved"), exc)
            return False
        self.current_path = path
        if not self.services.store_available():
            self._saved(tr("Saved to %1").replace("%1", path.name))
            self._discard_draft()
        else:
            self.show_message(tr("Exported to %1").replace("%1", path.name))
        self.cases.remember_file(case.applicant.name, case.city, path)
        return True

    def _save_to_store(self) -> bool:
        from advisor.gui.services import ConsentNeeded, ServiceError
        from advisor.gui.store_dialogs import ConsentDialog

        case = self._case_for_saving()
        if case is None:
            return False
        consents: list[Any] = []
        for _attempt in range(3):
            try:
                self.case_id = self.services.save_case(case, self.case_id, self.draft_id, tuple(consents))
                break
            except ConsentNeeded as exc:
                dialog = ConsentDialog(self.services, exc.scopes, self)  # type: ignore[arg-type]
                if not dialog.exec():
                    self.show_message(tr("Not saved: the consents were not recorded"))
                    return False
                consents = dialog.consents()
            except ServiceError as exc:
                self._warn(tr("Not saved"), exc)
                return False
        else:
            return False
        self.draft_id = None  # the store deleted the finished interview's draft with the save
        self._saved(tr("Saved in the case store %1").replace("%1", datetime.now().strftime("%H:%M")))
        self.cases.refresh()
        return True

    def _saved(self, message: str) -> None:
        self.dirty = False
        self.saved_label.setText(message)  # type: ignore[attr-defined]
        self.show_message(message)
        self._update_title()

    # ------------------------------------------------------------------ delete / print
    def delete_case(self, ref: Any) -> None:
        """Delete a stored case, after confirmation."""
        from PySide6.QtWidgets import QMessageBox

        from advisor.gui.services import ServiceError

        if self.services is None:
            return
        if not self.services.store_available():
            QMessageBox.information(self, tr("Delete"), tr(  # type: ignore[arg-type]
                "Deleting cases needs the case store, which is not open. Case files can be deleted in the "
                "file manager."))
            return
        if not ref or ref[0] != "store":
            QMessageBox.information(self, tr("Delete"), tr("Choose a stored case in the list first."))  # type: ignore
            return
        if QMessageBox.question(self, tr("Delete"),  # type: ignore[arg-type]
                                tr("Delete this case for good? This cannot be undone.")) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.delete_case(ref[1])
        except ServiceError as exc:
            self._warn(tr("Not deleted"), exc)
            return
        if self.case_id == ref[1]:
            self.case_id = None
            self.dirty = True
        self.cases.refresh()
        self.show_message(tr("The case was deleted"))

    letter_dialog: Any = None

    def print_letter(self) -> None:
        """The letter (Ctrl+P): language, options and a note; preview; print or save as PDF. The
        dialog is window-modal and works on the answers as they are when it opens."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from advisor.gui.services import ServiceError

        if self.services is None or self.interview is None:
            return
        try:
            self.services._need_letters()
        except ServiceError as exc:
            QMessageBox.information(self, tr("Letter"), exc.message(lang()))  # type: ignore[arg-type]
            return
        case = self.interview.checked.case if self.interview.checked else None
        if case is None:
            QMessageBox.information(self, tr("Letter"), tr("Choose the city first (page 1)."))  # type: ignore
            self.interview.focus_fact("case.city")
            return
        if self.letter_dialog is not None:
            self.letter_dialog.close()
        from advisor.gui.letter_dialog import LetterDialog

        dialog = LetterDialog(self.services, self.settings, case, case_id=self.case_id, parent=self)  # type: ignore
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.issued.connect(lambda _kind, text: self.show_message(text))
        dialog.finished.connect(lambda _r, d=dialog: self._letter_closed(d))
        self.letter_dialog = dialog
        dialog.show()

    def _letter_closed(self, dialog: Any) -> None:
        if self.letter_dialog is dialog:
            self.letter_dialog = None
        dialog.deleteLater()

    # ------------------------------------------------------------------ drafts (through the case store)
    def autosave(self) -> None:
        """Autosave the unfinished interview as an encrypted draft (needs the case store)."""
        from advisor.gui.services import NotAvailable, ServiceError

        if self.interview is None or not self.dirty:
            return
        page = self.interview.current_page()
        try:
            self.draft_id = self.services.save_draft(self.interview.answers.payload(page), str(page),
                                                     self.draft_id, self.case_id)
        except NotAvailable:
            self.saved_label.setText(tr("Not saved yet: autosave needs the case store — use Save"))  # type: ignore
            return
        except ServiceError as exc:
            self.saved_label.setText(exc.message(lang()))  # type: ignore[attr-defined]
            return
        self.saved_label.setText(  # type: ignore[attr-defined]
            tr("Draft autosaved %1").replace("%1", datetime.now().strftime("%H:%M")))

    def _discard_draft(self) -> None:
        if self.draft_id and self.services is not None:
            from advisor.gui.services import ServiceError

            try:
                self.services.discard_draft(self.draft_id)
            except ServiceError:
                pass
        self.draft_id = None

    def offer_drafts(self) -> None:
        """After a crash: offer to resume an unfinished interview."""
        from PySide6.QtWidgets import QMessageBox

        from advisor.gui.interview.answers import Answers
        from advisor.gui.services import ServiceError

        if not self.services.store_available():
            return
        try:
            drafts = self.services.list_drafts()
        except ServiceError:
            return
        if not drafts:
            return
        d = drafts[0]
        from advisor.gui.case_list import local_time

        when = local_time(d.updated_at)
        if QMessageBox.question(self, tr("Resume"),  # type: ignore[arg-type]
                                tr("Resume the unfinished interview of %1?").replace("%1", when)) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            answers, page = Answers.from_payload(self.services.load_draft(d.draft_id))
        except ServiceError as exc:
            self._warn(tr("Resume"), exc)
            return
        self.start_case(answers, None, d.case_id)
        self.draft_id = d.draft_id
        self.dirty = True
        self.interview.go_to(page, focus=True)
        self._update_title()
