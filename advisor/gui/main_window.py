"""The main window: one screen for the whole visit — cases | interview | results (| what-if).

The window appears at once; the core (pydantic, SQLAlchemy, the rule pack) loads on a worker thread
and the interview and results panes are built when it is ready (``services_ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

# The Qt namespace is reached through QtCore.Qt inside methods: creating its Python enums costs ~15 ms,
# which the first frame does not need (start-up benchmark).
from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QWidget,
)

from advisor.gui import fonts
from advisor.gui.case_actions import CaseActions
from advisor.gui.i18n import Language, Retranslating, lang, tr
from advisor.gui.session_guard import SessionGuard
from advisor.gui.settings import FONT_SIZES, Settings
from advisor.gui.style import esc
from advisor.gui.worker import Evaluator, PackLoader

AUTOSAVE_MS = 1500



def default_services_factory() -> Any:
    """Import the core and open the active rule pack (runs on a worker thread)."""
    from advisor.gui.services import Services

    return Services.start()


class MainWindow(CaseActions, Retranslating, QMainWindow):
    """Toolbar, three panes and the status bar (file and case actions: :class:`CaseActions`)."""

    setup_done = Signal()  # shortcuts, menus and the cases pane are in place
    services_ready = Signal()
    result_shown = Signal(int)

    def __init__(self, settings: Settings, language: Language,
                 services_factory: Callable[[], Any] = default_services_factory):
        super().__init__()
        self.settings = settings
        self.language = language
        self.services: Any = None
        self.interview: Any = None
        self.results: Any = None
        self.whatif: Any = None
        self.current_path: Path | None = None
        self.case_id: int | None = None
        self.draft_id: str | None = None
        self.dirty = False
        self._loading_case = False
        self._draft_warned = False
        self._loader = PackLoader(services_factory, self)
        self._loader.loaded.connect(self._on_services)
        self._loader.failed.connect(self._on_load_failed)
        self.evaluator = Evaluator(200, self)
        self.evaluator.finished.connect(self._on_result)
        self.evaluator.failed.connect(self._on_eval_failed)
        self.evaluator.busy_changed.connect(lambda b: self.results and self.results.set_busy(b))
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self.cases: Any = None
        self.menu_file = self.menu_view = self.menu_lang = self.menu_help = None
        self._shortcuts: list[tuple[QAction, str]] = []
        self.guard = SessionGuard(self)  # log-in, lock, idle lock, account menu (advisor.gui.session_guard)
        self._build_actions()
        self._build_layout()
        self.retranslate()
        geometry = settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)

    # ------------------------------------------------------------------ building
    def _action(self, shortcut: str | QKeySequence.StandardKey | None, slot: Callable[..., Any],
                checkable: bool = False) -> QAction:
        a = QAction(self)
        if shortcut is not None:
            # set in finish_setup(): the first setShortcut builds every Qt enum in Python (~15 ms)
            self._shortcuts.append((a, shortcut))
        a.setCheckable(checkable)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.act_new = self._action("Ctrl+N", self.new_case)
        self.act_open = self._action("Ctrl+O", self.open_file)
        self.act_save = self._action("Ctrl+S", self.save)
        self.act_save_as = self._action("Ctrl+Shift+S", self.save_as)
        self.act_print = self._action("Ctrl+P", self.print_letter)
        self.act_delete = self._action(None, lambda: self.delete_case(None))
        self.act_quit = self._action("Ctrl+Q", self.close)
        self.act_zh = self._action(None, lambda: self.set_language("zh"), checkable=True)
        self.act_en = self._action(None, lambda: self.set_language("en"), checkable=True)
        self.act_bigger = self._action("Ctrl+=", lambda: self.change_font(+1))
        self.act_smaller = self._action("Ctrl+-", lambda: self.change_font(-1))
        self.act_whatif = self._action("Ctrl+E", self.toggle_whatif, checkable=True)
        self.act_find = self._action("Ctrl+F", lambda: self.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason))
        self.act_panes = self._action("F6", self.next_pane)
        self.act_about = self._action(None, self.about)
        for a in (self.act_save, self.act_save_as, self.act_print, self.act_whatif):
            a.setEnabled(False)

    def finish_setup(self) -> None:
        """What the first frame can do without, done one event-loop turn later: keyboard shortcuts,
        the menus and the cases pane."""
        if self.cases is not None:
            return
        from advisor.gui.case_list import CasesPane

        for action, keys in self._shortcuts:
            action.setShortcut(QKeySequence(keys))
        self.splitter = QSplitter(self)  # horizontal
        self.splitter.setChildrenCollapsible(False)
        self.takeCentralWidget()
        self.splitter.addWidget(self.loading)
        self.setCentralWidget(self.splitter)

        self.cases = CasesPane(self)
        self.cases.new_requested.connect(self.new_case)
        self.cases.open_requested.connect(self.open_file)
        self.cases.case_chosen.connect(self.open_chosen)
        self.cases.delete_requested.connect(self.delete_case)
        self.splitter.insertWidget(0, self.cases)
        self.splitter.setSizes([230, 1130])
        if self.services is not None:
            self.cases.set_services(self.services)
        menu = self.menuBar()
        self.menu_file = menu.addMenu("")
        for a in (self.act_new, self.act_open, self.act_save, self.act_save_as, None, self.act_print, None,
                  self.act_delete, None, self.act_quit):
            self.menu_file.addSeparator() if a is None else self.menu_file.addAction(a)
        # rule-pack update and recall list (advisor/gui/rules_update_view.py): one entry before Quit
        from advisor.gui.rules_update_view import add_rules_update_action

        add_rules_update_action(self, self.menu_file, before=self.act_quit)
        self.menu_view = menu.addMenu("")
        self.menu_lang = self.menu_view.addMenu("")
        self.menu_lang.addAction(self.act_zh)
        self.menu_lang.addAction(self.act_en)
        for a in (self.act_bigger, self.act_smaller, None, self.act_whatif, self.act_find, self.act_panes):
            self.menu_view.addSeparator() if a is None else self.menu_view.addAction(a)
        # centre report (advisor/gui/report_view.py): one entry, it keeps its own text and checks the user's role
        from advisor.gui.report_view import add_report_action

        self.menu_view.addSeparator()
        add_report_action(self, self.menu_view)
        self.guard.add_menu(menu)
        self.menu_help = menu.addMenu("")
        self.menu_help.addAction(self.act_about)
        self.retranslate()
        self.setup_done.emit()

    def _build_layout(self) -> None:
        tb = self.addToolBar("main")
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        for a in (self.act_new, self.act_open, self.act_save, self.act_print):
            tb.addAction(a)
        tb.addSeparator()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(280)
        self.search.textChanged.connect(lambda t: self.cases and self.cases.set_search(t))
        tb.addWidget(self.search)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.pack_label = QLabel(self)
        self.pack_label.setContentsMargins(8, 0, 8, 0)
        tb.addWidget(self.pack_label)
        self.loading = QLabel(self)
        self.loading.setWordWrap(True)
        self.setCentralWidget(self.loading)  # the splitter comes in finish_setup()
        self.splitter: Any = None
        sb = self.statusBar()
        self.message = QLabel(self)
        self.saved_label = QLabel(self)
        self.whatif_button = QToolButton(self)
        self.whatif_button.setDefaultAction(self.act_whatif)
        sb.addWidget(self.message, 1)
        sb.addPermanentWidget(self.saved_label)
        sb.addPermanentWidget(self.whatif_button)

    # ------------------------------------------------------------------ start-up
    def start_loading(self) -> None:
        """Load the core and the rule pack off the GUI thread."""
        self.finish_setup()
        self._loader.start()

    def wait_until_loaded(self, ms: int = 60000) -> bool:
        """Block until the loader thread is done (tests, self-test); the signal still arrives queued."""
        return self._loader.wait(ms)

    def _on_load_failed(self, zh: str, en: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.loading.setText(esc(en if lang() == "en" else zh))
        QMessageBox.critical(self, tr("The rules could not be loaded"), en if lang() == "en" else zh)

    def _on_services(self, services: Any) -> None:
        from advisor.gui.interview.answers import Answers
        from advisor.gui.interview.panel import InterviewPanel
        from advisor.gui.results.panel import ResultsPanel
        from advisor.gui.whatif import WhatIfPanel

        self.finish_setup()
        self.services = services
        services.worker = self.settings.get("worker") or "caseworker"
        self.interview = InterviewPanel(services, self)
        self.interview.answers_changed.connect(self._answers_changed)
        self.results = ResultsPanel(services, self)
        self.results.fact_requested.connect(self.interview.focus_fact)
        self.results.suggestion_requested.connect(self._try_suggestion)
        self.whatif = WhatIfPanel(services, self)
        self.whatif.setVisible(False)
        sizes = [230, 560, 560]
        self.loading.hide()
        self.loading.setParent(None)
        self.splitter.addWidget(self.interview)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.whatif)
        self.splitter.setSizes(sizes + [420])
        state = self.settings.get("window/splitter")
        if not state.isEmpty():
            self.splitter.restoreState(state)
        self.whatif.setVisible(False)
        self.cases.set_services(services)
        for a in (self.act_save, self.act_save_as, self.act_print, self.act_whatif):
            a.setEnabled(True)
        self.retranslate()
        self.start_case(Answers({"city": self.settings.get("default_city") or None}), None)
        if self.settings.get("window/whatif_open"):
            self.toggle_whatif(True)
        self.services_ready.emit()
        QTimer.singleShot(0, self.open_store)

    def open_store(self) -> None:
        """Log in to the case store — the setup wizard on the first run (or work with case files only)."""
        from PySide6.QtWidgets import QMessageBox

        from advisor.gui.login import ask_to_sign_in

        s = self.services
        if s.store_problem is not None:
            QMessageBox.warning(self, tr("Case store"), s.store_problem.message(lang()))
            s.store_problem = None
        if s.store_opened() and not s.session_active():
            ask_to_sign_in(s, self)
        self.guard.session_started()
        self.cases.refresh()
        self.retranslate()
        if s.store_available():
            self.show_message(tr("Case store open"))
            self.offer_drafts()

    # ------------------------------------------------------------------ answers → results
    def start_case(self, answers: Any, path: Path | None, case_id: int | None = None) -> None:
        """Show a case in the interview (new, opened or recovered)."""
        self._loading_case = True
        try:
            self.current_path = path
            self.case_id = case_id
            self.draft_id = None
            self.interview.start(answers)
        finally:
            self._loading_case = False
        self.dirty = False
        self._update_title()

    def _answers_changed(self) -> None:
        checked = self.interview.checked
        if not self._loading_case:
            if not self.dirty:
                self.dirty = True
                self._update_title()
            self._autosave.start()
            if checked.case is not None and checked.case.city in ("beijing", "shanghai", "guangzhou", "shenzhen"):
                self.settings.set("default_city", checked.case.city)
        if checked.case is None:
            self.evaluator.request(lambda: None, immediate=True)
            self.results.show_message(tr("Choose the city on page 1 to see results."))
        else:
            self.evaluator.request(self.services.evaluate, checked.case)
        if self.whatif.isVisible():
            self._feed_whatif()

    def _on_result(self, gen: int, result: Any) -> None:
        if result is None:
            return
        self.results.show_result(result, gen, case=self.interview.checked.case if self.interview.checked else None)
        self.interview.set_missing_facts(result.get("missing_facts", []))
        self.result_shown.emit(gen)

    def _on_eval_failed(self, _gen: int, zh: str, en: str) -> None:
        self.results.show_message(en if lang() == "en" else zh)

    def _feed_whatif(self) -> None:
        facts = [r.fact for r in self.interview.all_rows() if not r.isHidden()]
        self.whatif.set_case(self.interview.checked.case, facts)

    def toggle_whatif(self, on: bool | None = None) -> None:
        """Show or hide the what-if pane beside the results."""
        if self.whatif is None:
            return
        on = self.act_whatif.isChecked() if on is None else on
        if on == self.whatif.isVisible():
            self.act_whatif.setChecked(on)
            return
        self.act_whatif.setChecked(on)
        total = sum(self.splitter.sizes())
        if on:
            self._sizes_before_whatif = self.splitter.sizes()
            cases = min(170, total // 8)
            rest = total - cases
            self.whatif.setVisible(True)
            self.splitter.setSizes([cases, rest * 34 // 100, rest * 33 // 100, rest * 33 // 100])
            self._feed_whatif()
            self.whatif.kind.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        else:
            self.whatif.setVisible(False)
            if getattr(self, "_sizes_before_whatif", None):
                self.splitter.setSizes(self._sizes_before_whatif)
        self.settings.set("window/whatif_open", on)

    def _try_suggestion(self, changes: dict, label: str) -> None:
        self.toggle_whatif(True)
        self.whatif.add_suggestion(changes, label)

    # ------------------------------------------------------------------ view
    def set_language(self, language: str) -> None:
        """Switch the interface language now (and remember it)."""
        self.settings.set("language", language)
        self.language.set(language)

    def change_font(self, step: int) -> None:
        """Larger or smaller text for the whole window (remembered)."""
        size = self.settings.font_size
        sizes = list(FONT_SIZES)
        i = min(range(len(sizes)), key=lambda k: abs(sizes[k] - size))
        size = sizes[max(0, min(len(sizes) - 1, i + step))]
        self.settings.set("font_size", size)
        fonts.apply_app_font(QApplication.instance(), size)

    def next_pane(self) -> None:
        """F6: move the focus to the next pane (cases → interview → results → what-if)."""
        panes = [w for w in (self.cases, self.interview, self.results, self.whatif) if w is not None and w.isVisible()]
        focus = QApplication.focusWidget()
        current = next((i for i, p in enumerate(panes) if focus is not None and p.isAncestorOf(focus)), -1)
        target = panes[(current + 1) % len(panes)]
        target.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
        target.focusNextChild()

    def show_message(self, text: str) -> None:
        """A short note in the status bar."""
        self.message.setText(text)

    def about(self) -> None:
        """Version of the app and of the rule pack."""
        from PySide6.QtWidgets import QMessageBox

        from advisor import __version__

        info = self.services.pack_info() if self.services else None
        name, pack_word = tr("Migrant Services Advisor"), tr("Rule pack")
        text = f"{name} {__version__}"
        if info:
            text += f"\n{pack_word} {info.pack} {info.version} ({info.date})\nSHA-256 {info.sha256[:16]}…"
        QMessageBox.about(self, tr("About"), text)

    def _update_title(self) -> None:
        name = None
        if self.interview is not None:
            name = self.interview.answers.get("applicant.name")
        title = tr("Migrant Services Advisor")
        if name:
            title = f"{name} — {title}"
        self.setWindowTitle(("* " if self.dirty else "") + title)

    def retranslate(self) -> None:
        texts = [(self.act_new, tr("New")), (self.act_open, tr("Open")), (self.act_save, tr("Save")),
                 (self.act_save_as, tr("Save as…")), (self.act_print, tr("Print letter")),
                 (self.act_delete, tr("Delete case")), (self.act_quit, tr("Quit")),
                 (self.act_bigger, tr("Larger text")), (self.act_smaller, tr("Smaller text")),
                 (self.act_whatif, tr("What if ▶")), (self.act_find, tr("Find a case")),
                 (self.act_panes, tr("Next pane")), (self.act_about, tr("About"))]
        for action, text in texts:
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({keys})" if keys else text)
        self.act_zh.setText("中文")
        self.act_en.setText("English")
        self.act_zh.setChecked(lang() == "zh")
        self.act_en.setChecked(lang() == "en")
        if self.menu_file is not None:
            self.menu_file.setTitle(tr("&File"))
            self.menu_view.setTitle(tr("&View"))
            self.menu_lang.setTitle(tr("Language / 语言"))
            self.menu_help.setTitle(tr("&Help"))
        self.guard.retranslate()
        self.search.setPlaceholderText(tr("Search name / last digits of ID…"))
        self.search.setAccessibleName(tr("Search cases"))
        self.loading.setText(tr("Loading the rules…"))
        if self.services is not None:
            info = self.services.pack_info()
            text = tr("Rule pack %1 · checked %2").replace("%1", info.version).replace("%2", info.date)
            self.pack_label.setText(text)
            self.pack_label.setToolTip(f"{info.title.get(lang(), info.title['zh'])}\n{info.pack} · SHA-256 "
                                       f"{info.sha256[:12]}")
        else:
            self.pack_label.setText(tr("Rule pack loading…"))
        self._update_title()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._confirm_discard():
            event.ignore()
            return
        self.settings.set("window/geometry", self.saveGeometry())
        if self.interview is not None and self.splitter is not None:
            self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.sync()
        self.evaluator.shutdown()
        if self.whatif is not None:
            self.whatif.shutdown()
        if self.services is not None:
            self.services.close_store()
        event.accept()
