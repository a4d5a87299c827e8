"""Rule-pack update (USB stick → the centre's computer), in the window: choose a signed pack file,
see whether its signature holds and what it changes, confirm, then see the families to call back.

Flow (all checks off the GUI thread, through ``services.rule_updates()`` — an
``advisor.cases.rule_updates.RuleUpdates``, the view's only way into the core):

1. **Choose a file** → signature against the trusted publisher keys, the hostile-archive checks,
   the strict loader and the pack's own scenario tests (``advisor.rules.update.stage_update``). A
   refusal shows every reason in plain words; nothing changed.
2. **What changes**: a tree of the diff — parameters (dates in force: old → new, with source tiers),
   rules and points schemes (fields changed), sources (a weaker tier highlighted). A downgrade
   (older pack) needs an extra tick.
3. **Activate** asks first, then stores and activates the pack in one transaction; the previous
   pack stays (**Roll back** re-activates it, after the same confirmation).
4. **Recall list**: the families whose options or dates changed (case number, name masked, date,
   what changed before → after) — computed for users who may manage rule packs, shown filtered to
   the cases each user may see. Double-click (or **Open case**) calls ``open_case(case_id)``.

Texts are bilingual pairs picked with the current language (no translation file needed).
Widget names (``objectName``) are stable for tests and accessibility.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor.gui.i18n import Retranslating, lang
from advisor.gui.style import ERROR, TIER_STYLE, esc, title_html

OK_COLOUR = "#0b6b2f"
WEAKER_BG = TIER_STYLE["unverified"][1]

T = {
    "title": ("规则包更新", "Rule-pack update"),
    "menu": ("规则包更新…", "Rule-pack update…"),
    "current": ("当前规则包：%1", "Active rule pack: %1"),
    "choose": ("选择规则包文件…", "Choose a pack file…"),
    "no_file": ("尚未选择文件（规则包文件一般在发布方提供的 U 盘上，扩展名 .rulepack）",
                "No file chosen (pack files come on the publisher's USB stick, ending in .rulepack)"),
    "checking": ("正在检查签名和内容…", "Checking the signature and the content…"),
    "signed": ("✔ 签名有效：%1（指纹 %2，%3）；场景测试 %4 项全部通过。",
               "✔ Signature valid: %1 (fingerprint %2, %3); all %4 scenario tests pass."),
    "bundled": ("内置公钥", "bundled key"),
    "local": ("本机添加的公钥", "key added here"),
    "refused": ("✘ 已拒绝这个文件，规则没有任何改变：", "✘ This file was refused; the rules are unchanged:"),
    "same": ("这个规则包已在使用中，无需更改。", "This pack is already active; nothing to do."),
    "older": ("⚠ 这个规则包比当前的旧（降级）。", "⚠ This pack is older than the active one (a downgrade)."),
    "allow_older": ("确实要退回到这个较旧的规则包", "Yes, go back to this older pack"),
    "activate": ("启用这个规则包", "Activate this pack"),
    "rollback": ("退回上一个规则包", "Roll back to the previous pack"),
    "confirm_title": ("启用规则包", "Activate rule pack"),
    "confirm": ("启用规则包 %1（%2）？\n之前的规则包会保留，可以随时退回。",
                "Activate rule pack %1 (%2)?\nThe previous pack is kept and can be restored at any time."),
    "confirm_rb": ("退回到规则包 %1（%2）？", "Roll back to rule pack %1 (%2)?"),
    "activated": ("已启用规则包 %1。", "Rule pack %1 is now active."),
    "rolled": ("已退回到规则包 %1。", "Rolled back to rule pack %1."),
    "no_previous": ("没有可以退回的上一个规则包。", "There is no previous pack to roll back to."),
    "not_allowed": ("只有管理员可以导入或退回规则包。", "Only an administrator can import or roll back rule packs."),
    "col_item": ("项目", "Item"), "col_change": ("变化", "Change"), "col_before": ("原来", "Before"),
    "col_after": ("现在", "After"), "col_when": ("日期", "Dates"),
    "params": ("参数", "Parameters"), "rules": ("规则", "Rules"), "schemes": ("积分办法", "Points schemes"),
    "actions": ("可采取的行动", "Actions"), "facts": ("事实目录", "Facts catalogue"),
    "offices": ("经办部门", "Offices"),
    "sources": ("来源文件", "Sources"),
    "added": ("新增", "added"), "removed": ("删除", "removed"), "changed": ("修改", "changed"),
    "weaker": ("依据变弱，须向经办部门核实", "weaker source: confirm with the office"),
    "stronger": ("依据变强", "stronger source"),
    "recall_title": ("需要回访的家庭", "Families to contact again"),
    "recall_none": ("尚无召回名单。", "No recall list yet."),
    "recall_working": ("正在重新核算已保存的个案…", "Re-checking the stored cases…"),
    "recall_head": ("规则包 %1 → %2：检查 %3 户，%4 户的结果有变化。",
                    "Rule pack %1 → %2: %3 families checked, %4 with changed results."),
    "recall_partial": ("（只列出您可查看的个案；共 %1 户有变化）", " (only the cases you may see; %1 changed in all)"),
    "recall_skipped": ("未检查：%1 户已撤回同意，%2 户无法读取。", "Not checked: %1 withdrew consent, %2 unreadable."),
    "recall_nostore": ("个案库未打开或未登录：召回名单稍后由管理员生成。",
                       "The case store is not open or no one is logged in: an administrator can make the recall "
                       "list later."),
    "show_recall": ("显示最近的召回名单", "Show the latest recall list"),
    "col_case": ("个案", "Case"), "col_name": ("姓名", "Name"), "col_date": ("核算日期", "Evaluated on"),
    "col_what": ("变化（原来 → 现在）", "What changed (before → after)"),
    "open": ("打开个案", "Open case"),
    "close": ("关闭", "Close"),
    "files": ("规则包文件 (*.rulepack);;所有文件 (*)", "Rule-pack files (*.rulepack);;All files (*)"),
}


def t(key: str, *args: Any) -> str:
    """A text of this view in the current language, with %1, %2… filled in."""
    zh, en = T[key]
    text = en if lang() == "en" else zh
    for i, a in enumerate(args, 1):
        text = text.replace(f"%{i}", str(a))
    return text


# ----------------------------------------------------------------------------- running jobs
class _Bridge(QObject):
    done = Signal(str, object)
    failed = Signal(str, str, str)


class _Jobs(QObject):
    """One background job at a time; results come back on the GUI thread by name."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.bridge = _Bridge(self)

    def run(self, name: str, fn: Callable[[], Any]) -> None:
        bridge = self.bridge

        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - shown in plain words; details never include case data
                # a refused pack (advisor.cases.rule_updates.Refused) and store errors carry their own words
                zh = getattr(exc, "zh", None) or f"出了问题：{exc.__class__.__name__}"
                en = getattr(exc, "en", None) or f"something went wrong: {exc.__class__.__name__}"
                if hasattr(exc, "message") and callable(exc.message):
                    zh, en = exc.message("zh"), exc.message("en")
                bridge.failed.emit(name, zh, en)
                return
            bridge.done.emit(name, result)

        self.pool.start(job)

    def wait(self, ms: int = 60000) -> bool:
        return self.pool.waitForDone(ms)


# ----------------------------------------------------------------------------- the view
class RulesUpdateView(Retranslating, QWidget):
    """Import a signed pack file, show its diff, activate it, show the recall list."""

    staged = Signal(bool)  # a file was checked: accepted (True) or refused (False)
    pack_changed = Signal(object)  # the new active Pack (after activate or rollback)
    recall_ready = Signal(object)  # a RecallRun, or None
    case_open_requested = Signal(int)

    def __init__(self, backend: Any, parent: QWidget | None = None, *,
                 open_case: Callable[[int], None] | None = None, choose_file: Callable[[], str] | None = None):
        super().__init__(parent)
        self.backend = backend
        self._open_case = open_case
        self._choose_file = choose_file
        self.update_: Any = None  # the staged update on show
        self.recall_run: Any = None
        self._refusal: tuple[str, str] | None = None
        self._diff: Any = None
        self._path: str | None = None
        self._note: tuple[str, str] | None = None  # the last outcome shown (activated / rolled back)
        self._jobs = _Jobs(self)
        self._jobs.bridge.done.connect(self._job_done)
        self._jobs.bridge.failed.connect(self._job_failed)
        self._build()
        self.retranslate()
        self._show_current()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        root = QVBoxLayout(self)
        self.title = QLabel(self)
        self.current_label = QLabel(self)
        self.current_label.setObjectName("current-pack")
        row = QHBoxLayout()
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose-file")
        self.choose_button.clicked.connect(self.choose)
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        self.status = QLabel(self)
        self.status.setObjectName("signature-status")
        self.status.setWordWrap(True)
        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setVisible(False)
        self.problems.setMaximumHeight(160)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("diff")
        self.tree.setColumnCount(5)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.older_label = QLabel(self)
        self.older_label.setVisible(False)
        self.allow_older = QCheckBox(self)
        self.allow_older.setVisible(False)
        self.allow_older.toggled.connect(self._update_buttons)
        buttons = QHBoxLayout()
        self.activate_button = QPushButton(self)
        self.activate_button.setObjectName("activate")
        self.activate_button.clicked.connect(self.activate)
        self.rollback_button = QPushButton(self)
        self.rollback_button.setObjectName("rollback")
        self.rollback_button.clicked.connect(self.rollback)
        self.show_recall_button = QPushButton(self)
        self.show_recall_button.setObjectName("show-recall")
        self.show_recall_button.clicked.connect(lambda: self.load_recall(compute=False))
        buttons.addWidget(self.activate_button)
        buttons.addWidget(self.rollback_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_recall_button)
        self.recall_title = QLabel(self)
        self.recall_label = QLabel(self)
        self.recall_label.setObjectName("recall-summary")
        self.recall_label.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("recall")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open_row(r))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open-case")
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        for w in (self.status, self.problems, self.tree, self.older_label, self.allow_older):
            tl.addWidget(w)
        tl.addLayout(buttons)
        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        for w in (self.recall_title, self.recall_label, self.table):
            bl.addWidget(w)
        orow = QHBoxLayout()
        orow.addStretch(1)
        orow.addWidget(self.open_button)
        bl.addLayout(orow)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([420, 300])
        root.addWidget(self.title)
        root.addWidget(self.current_label)
        root.addLayout(row)
        root.addWidget(split, 1)
        self._update_buttons()

    def retranslate(self) -> None:
        self.title.setText(title_html(t("title")))
        self.choose_button.setText(t("choose"))
        self.activate_button.setText(t("activate"))
        self.rollback_button.setText(t("rollback"))
        self.show_recall_button.setText(t("show_recall"))
        self.allow_older.setText(t("allow_older"))
        self.older_label.setText(f'<span style="color:{ERROR}">{esc(t("older"))}</span>')
        self.open_button.setText(t("open"))
        self.recall_title.setText(f"<b>{esc(t('recall_title'))}</b>")
        self.tree.setHeaderLabels([t("col_item"), t("col_change"), t("col_before"), t("col_after"), t("col_when")])
        self.table.setHorizontalHeaderLabels([t("col_case"), t("col_name"), t("col_date"), t("col_what")])
        self.choose_button.setAccessibleName(t("choose"))
        self.tree.setAccessibleName(t("title"))
        self.table.setAccessibleName(t("recall_title"))
        self.file_label.setText(esc(self._path) if self._path else t("no_file"))
        self._show_status()
        if self._diff is not None:
            self._fill_tree(self._diff)
        self._fill_recall(self.recall_run)
        self._show_current()

    # ------------------------------------------------------------------ state
    def _show_current(self) -> None:
        try:
            pack = self.backend.current()
        except Exception:  # noqa: BLE001 - the window already reported a broken rules store
            return
        m = pack.manifest
        self.current_label.setText(esc(t("current", f"{m.pack} {m.version}（{m.date}）" if lang() == "zh"
                                          else f"{m.pack} {m.version} ({m.date})")))

    def _update_buttons(self) -> None:
        may = self.backend.may_manage()
        u = self.update_
        ready = u is not None and not u.already_active and (not u.diff.older or self.allow_older.isChecked())
        self.activate_button.setEnabled(bool(ready and may))
        self.rollback_button.setEnabled(may)
        self.open_button.setEnabled(self.table.currentRow() >= 0 and self._open_case is not None)

    def _show_status(self) -> None:
        if self._refusal is not None:
            zh, en = self._refusal
            text = en if lang() == "en" else zh
            head, _, rest = text.partition("\n")
            self.status.setText(f'<span style="color:{ERROR}; font-weight:bold">{esc(t("refused"))}</span>')
            self.problems.setPlainText(text if not rest else rest.strip("\n"))
            self.problems.setVisible(True)
            return
        self.problems.setVisible(False)
        u = self.update_
        if u is None:
            note = t(*self._note) if self._note else ""
            self.status.setText(f'<span style="color:{OK_COLOUR}">{esc(note)}</span>' if note else "")
            return
        s = u.staged.signer
        text = t("signed", s.name, s.fingerprint, t("bundled") if s.origin == "bundled" else t("local"),
                 u.scenario_count)
        if u.already_active:
            text += " " + t("same")
        self.status.setText(f'<span style="color:{OK_COLOUR}">{esc(text)}</span>')

    # ------------------------------------------------------------------ choose and check
    def choose(self) -> None:
        """Ask for a pack file and check it."""
        path = self._choose_file() if self._choose_file else QFileDialog.getOpenFileName(
            self, t("choose"), str(Path.home()), t("files"))[0]
        if path:
            self.check_file(path)

    def check_file(self, path: str | Path) -> None:
        """Check a pack file in the background (``staged`` tells when done)."""
        self._drop_update()
        self._refusal = None
        self._diff = None
        self._note = None
        self._path = str(path)
        self.tree.clear()
        self.file_label.setText(esc(str(path)))
        self.status.setText(esc(t("checking")))
        self.problems.setVisible(False)
        self.choose_button.setEnabled(False)
        self._jobs.run("stage", lambda: self.backend.stage(path))

    def _drop_update(self) -> None:
        if self.update_ is not None:
            self.update_.cleanup()
            self.update_ = None

    # ------------------------------------------------------------------ activate / roll back
    def activate(self) -> None:
        """Ask, then activate the checked pack."""
        u = self.update_
        if u is None:
            return
        m = u.pack.manifest
        answer = QMessageBox.question(self, t("confirm_title"), t("confirm", m.version, m.date))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.update_ = None
        self._set_busy(True)
        allow = self.allow_older.isChecked()
        self._jobs.run("activate", lambda: self.backend.activate(u, allow))

    def rollback(self) -> None:
        """Show what going back changes, ask, then re-activate the previous pack."""
        target = self.backend.rollback_target()
        if target is None:
            QMessageBox.information(self, t("rollback"), t("no_previous"))
            return
        diff = self.backend.rollback_diff()
        if diff is not None:
            self._diff = diff
            self._fill_tree(diff)
        answer = QMessageBox.question(self, t("rollback"), t("confirm_rb", target.version, target.pack_date))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._drop_update()
        self._set_busy(True)
        self._jobs.run("rollback", self.backend.rollback)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.choose_button, self.activate_button, self.rollback_button, self.show_recall_button):
            b.setEnabled(not busy)
        if not busy:
            self._update_buttons()

    # ------------------------------------------------------------------ recall
    def load_recall(self, compute: bool = False) -> None:
        """Show the stored recall list (``compute``: work it out if the user may)."""
        self.recall_label.setText(esc(t("recall_working")))
        self._jobs.run("recall", lambda: self.backend.recall(compute=compute))

    def _fill_recall(self, run: Any) -> None:
        self.table.setRowCount(0)
        if run is None:
            self.recall_label.setText(esc(t("recall_none")))
            return
        shown = len(run.entries)
        head = t("recall_head", run.from_version, run.to_version, run.checked, shown)
        if shown < run.changed:
            head += t("recall_partial", run.changed)
        if run.withdrawn or run.unreadable:
            head += "\n" + t("recall_skipped", run.withdrawn, run.unreadable)
        self.recall_label.setText(esc(head).replace("\n", "<br>"))
        self.table.setRowCount(shown)
        for row, e in enumerate(run.entries):
            cells = [str(e.case_id), e.name or e.name_masked, e.as_of,
                     "\n".join(self.backend.change_text(c, lang()) for c in e.changes)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, e.case_id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _open_row(self, row: int) -> None:
        if row < 0 or self.recall_run is None or row >= len(self.recall_run.entries):
            return
        case_id = self.recall_run.entries[row].case_id
        self.case_open_requested.emit(case_id)
        if self._open_case is not None:
            self._open_case(case_id)

    # ------------------------------------------------------------------ diff tree
    def _fill_tree(self, d: Any) -> None:
        self.tree.clear()

        def add(parent: Any, row: dict[str, Any]) -> None:
            node = QTreeWidgetItem(parent, row["cols"])
            if row["tip"]:
                node.setToolTip(0, row["tip"])
            if row["weaker"]:
                for col in range(5):
                    node.setBackground(col, QBrush(QColor(WEAKER_BG)))
                node.setForeground(4, QBrush(QColor(ERROR)))
            for child in row["children"]:
                add(node, child)
            node.setExpanded(True)

        for row in self.backend.diff_rows(d, lang()):
            add(self.tree, row)
        for col, width in enumerate((360, 70, 130, 130, 200)):
            self.tree.setColumnWidth(col, width)

    # ------------------------------------------------------------------ job results
    def _job_done(self, name: str, result: Any) -> None:
        if name == "stage":
            self.choose_button.setEnabled(True)
            self.update_ = result
            self._diff = result.diff
            self._show_status()
            self._fill_tree(result.diff)
            older = result.diff.older and not result.already_active
            self.older_label.setVisible(older)
            self.allow_older.setVisible(older)
            self.allow_older.setChecked(False)
            self._update_buttons()
            self.staged.emit(True)
        elif name in ("activate", "rollback"):
            pack = result
            self._set_busy(False)
            self._show_current()
            self._note = ("activated" if name == "activate" else "rolled", pack.manifest.version)
            self._show_status()
            self.pack_changed.emit(pack)
            self.load_recall(compute=True)
        elif name == "recall":
            self.recall_run = result
            self._fill_recall(result)
            if result is None and not self.backend.store_ready():
                self.recall_label.setText(esc(t("recall_nostore")))
            self.recall_ready.emit(result)

    def _job_failed(self, name: str, zh: str, en: str) -> None:
        self.choose_button.setEnabled(True)
        if name == "stage":
            self._refusal = (zh, en)
            self.update_ = None
            self._show_status()
            self._update_buttons()
            self.staged.emit(False)
        elif name == "recall":
            self.recall_label.setText(f'<span style="color:{ERROR}">{esc(en if lang() == "en" else zh)}</span>')
            self.recall_ready.emit(None)
        else:
            self._set_busy(False)
            QMessageBox.warning(self, t("title"), en if lang() == "en" else zh)

    def shutdown(self) -> None:
        """Wait for a running job and remove any staged files."""
        self._jobs.wait(30000)
        self._drop_update()


class RulesUpdateDialog(QDialog):
    """The view in its own window (the main window opens it from the menu)."""

    def __init__(self, backend: Any, parent: QWidget | None = None, **kw: Any):
        super().__init__(parent)
        self.setWindowTitle(t("title"))
        self.view = RulesUpdateView(backend, self, **kw)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        close = QPushButton(t("close"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(1000, 760)
        self.view.load_recall(compute=False)

    def done(self, code: int) -> None:  # noqa: D102 - Qt override
        self.view.shutdown()
        super().done(code)


def open_rules_update(window: Any) -> RulesUpdateDialog | None:
    """Open the dialog for the main window (once the rules are loaded): the active pack follows an
    activation, and a case chosen in the recall list opens in the window."""
    services = getattr(window, "services", None)
    if services is None:
        return None

    def changed(_pack: Any) -> None:
        if hasattr(window, "retranslate"):
            window.retranslate()  # the toolbar shows the new pack's version
        if getattr(window, "interview", None) is not None and hasattr(window, "_answers_changed"):
            window._answers_changed()  # results follow the new rules

    dialog = RulesUpdateDialog(services.rule_updates(), window,
                               open_case=lambda cid: window.open_chosen(("store", cid)))
    dialog.view.pack_changed.connect(changed)
    dialog.show()
    return dialog


def add_rules_update_action(window: Any, menu: Any, before: Any = None) -> Any:
    """Add "规则包更新… / Rule-pack update…" to ``menu`` (before the action ``before``, with a separator);
    it follows the app's language. Every user may open it: importing and rolling back need
    ``rulepack.manage``, the recall list shows what the user's role allows."""
    from PySide6.QtGui import QAction

    action = QAction(window)
    action.setObjectName("action-rules-update")
    action.setText(t("menu"))
    action.triggered.connect(lambda: setattr(window, "rules_update_dialog", open_rules_update(window)))
    if before is not None:
        menu.insertAction(before, action)
        menu.insertSeparator(before)
    else:
        menu.addAction(action)
    language = getattr(window, "language", None)
    if language is not None and hasattr(language, "changed"):
        language.changed.connect(lambda _l: action.setText(t("menu")))
    window.act_rules_update = action
    return action
