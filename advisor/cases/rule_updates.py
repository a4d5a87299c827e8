"""Rule-pack updates and the recall list for the window: the service the update view talks to.

No Qt here. The window's ``Services`` hands it out (``services.rule_updates()``); it uses the
window's logged-in session to decide who may do what (``rulepack.manage`` to import or roll back
and to work out a recall list; ``recall.view`` to read it, case workers only for their own and
assigned cases) and replaces ``services.pack`` after an activation. Texts the view shows about
core data (the diff, the recall entries, tiers) are made here as plain rows, in Chinese or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_WORDS = {
    "not_allowed": ("只有管理员可以导入或退回规则包。", "Only an administrator can import or roll back rule packs."),
    "no_previous": ("没有可以退回的上一个规则包。", "There is no previous pack to roll back to."),
}


class Refused(Exception):
    """A pack file refused (``zh``/``en``: every reason)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


class RuleUpdates:
    """Everything the view asks of the core (no Qt). ``services`` is the window's Services: its
    ``session`` decides who may do what, and its ``pack`` is replaced after an activation."""

    def __init__(self, services: Any = None, *, rules_db: str | Path | None = None, keys: Any = None):
        from advisor.db import make_engine
        from advisor.paths import rules_db_path

        self.services = services
        self.engine = make_engine(rules_db or rules_db_path())
        self.keys = keys  # None: the trusted keys of this installation

    # who may do what
    def _session(self) -> Any:
        s = getattr(self.services, "session", None)
        return s if s is not None and getattr(s, "active", False) else None

    def _store(self) -> Any:
        return getattr(self.services, "_store", None)

    def _who(self) -> str:
        session = self._session()
        return str(session.username) if session is not None else ""

    def store_ready(self) -> bool:
        """Whether the case store is open and unlocked (a recall list can be read)."""
        store = self._store()
        return store is not None and not getattr(store, "locked", True)

    def may_manage(self) -> bool:
        """Whether the user may import or roll back packs (anyone on an installation without accounts)."""
        store = self._store()
        if store is None or not getattr(store, "has_accounts", lambda: False)():
            return True
        session = self._session()
        return session is not None and session.can("rulepack.manage")

    def _require_manage(self) -> None:
        """Refuse unless allowed; with accounts, through the session so a refusal is audit-logged."""
        store = self._store()
        if store is None or not getattr(store, "has_accounts", lambda: False)():
            return
        session = self._session()
        if session is None:
            raise Refused(*_WORDS["not_allowed"])
        try:
            session.require("rulepack.manage")
        except Exception:  # noqa: BLE001 - the session's PermissionDenied, already audit-logged
            raise Refused(*_WORDS["not_allowed"]) from None

    # packs
    def current(self) -> Any:
        """The active pack."""
        from advisor.rules.update import current_pack

        return current_pack(self.engine)

    def stage(self, path: str | Path) -> Any:
        """Check a pack file (off the GUI thread); Refused with every reason."""
        from advisor.rules.packfile import PackFileError
        from advisor.rules.update import stage_update

        try:
            return stage_update(path, self.engine, keys=self.keys)
        except PackFileError as exc:
            raise Refused(exc.report("zh"), exc.report("en")) from None

    def activate(self, update: Any, allow_older: bool) -> Any:
        """Store and activate a staged pack; the new active pack."""
        from advisor.rules.packfile import PackFileError
        from advisor.rules.update import activate_update

        self._require_manage()
        try:
            activate_update(self.engine, update, allow_older=allow_older, by=self._who())
        except PackFileError as exc:
            raise Refused(exc.report("zh"), exc.report("en")) from None
        finally:
            update.cleanup()
        return self._switched()

    def rollback_target(self) -> Any:
        """The previous pack's stored row (None: there is none)."""
        from advisor.rules.update import rollback_target

        return rollback_target(self.engine)

    def rollback(self) -> Any:
        """Re-activate the previous pack; the new active pack."""
        from advisor.rules.update import rollback

        self._require_manage()
        target = self.rollback_target()
        if target is None:
            raise Refused(*_WORDS["no_previous"])
        rollback(self.engine, target, by=self._who())
        return self._switched()

    def rollback_diff(self) -> Any:
        """The diff active → previous (None without a previous pack)."""
        from advisor.rules.diff import diff_packs
        from advisor.rules.update import stored_pack

        target = self.rollback_target()
        return None if target is None else diff_packs(self.current(), stored_pack(target))

    def _switched(self) -> Any:
        from advisor.rules.store import load_active

        pack = load_active(self.engine)
        if self.services is not None and pack is not None:
            self.services.pack = pack
        return pack

    # recall list
    def recall(self, *, compute: bool) -> Any:
        """The recall list for the last pack change (None: no change, no store, or not computed yet)."""
        from advisor.cases.recall import recall_after_change, visible_to

        session, store = self._session(), self._store()
        if not self.store_ready():
            return None
        if session is None:
            if getattr(store, "has_accounts", lambda: False)():
                return None
            return recall_after_change(store, self.engine, "system", recompute=compute)
        visible = visible_to(session)
        may = compute and session.can("rulepack.manage")
        return recall_after_change(store, self.engine, session.username, recompute=may, compute=may,
                                   visible=visible)



    # words for the view (core data → plain rows)
    @staticmethod
    def tier_word(tier: str | None, lang: str) -> str:
        """官方原文 / official text … ('' for None)."""
        from advisor.rules.wording import TIER_WORDS

        return "" if tier is None else TIER_WORDS.get(tier, (tier, tier))[1 if lang == "en" else 0]

    @staticmethod
    def change_text(change: Any, lang: str) -> str:
        """One recall change as a line (before → after)."""
        from advisor.cases.recall import change_text

        return change_text(change, lang)

    def diff_rows(self, d: Any, lang: str) -> list[dict[str, Any]]:
        """The diff as a tree of rows: ``{"cols": [item, change, before, after, dates], "weaker": bool,
        "tip": str, "children": [...]}``, one top row per section."""
        from advisor.rules.diff import SECTIONS, effect_line, value_text

        words = {"params": ("参数", "Parameters"), "rules": ("规则", "Rules"),
                 "schemes": ("积分办法", "Points schemes"),
                 "actions": ("可采取的行动", "Actions"), "facts": ("事实目录", "Facts catalogue"),
                 "offices": ("经办部门", "Offices"), "sources": ("来源文件", "Sources"),
                 "added": ("新增", "added"), "removed": ("删除", "removed"), "changed": ("修改", "changed"),
                 "weaker": ("依据变弱，须向经办部门核实", "weaker source: confirm with the office"),
                 "stronger": ("依据变强", "stronger source"),
                 "same": ("内容相同，没有变化。", "Same content: nothing changes.")}

        def w(key: str) -> str:
            return words[key][1 if lang == "en" else 0]

        def row(cols: list[str], children: list[dict[str, Any]] | None = None, weaker: bool = False,
                tip: str = "") -> dict[str, Any]:
            return {"cols": cols, "children": children or [], "weaker": weaker, "tip": tip}

        if d.is_empty:
            return [row([w("same"), "", "", "", ""])]
        out = []
        if d.params:
            params = []
            for p in d.params:
                desc = (p.description or {}).get(lang, "")
                effects = []
                for e in p.effects:
                    line = effect_line(e, p.unit, lang)
                    when = line.split("：" if lang == "zh" else ": ")[0]
                    if "[" in line:
                        when += "  [" + line.split("[", 1)[1]
                    effects.append(row(["", "", value_text(e.old, p.unit, lang), value_text(e.new, p.unit, lang),
                                        when]))
                label = f"{p.id}  {desc}".strip()
                params.append(row([label, w(p.change), "", "", ""], effects, tip=label))
            out.append(row([w("params"), "", "", "", ""], params))
        for section in SECTIONS:
            items = [i for i in d.items if i.section == section]
            if not items:
                continue
            nodes = []
            for i in items:
                fields = [row([f.field, "", "", "; ".join(f.detail), ""]) if f.detail
                          else row([f.field, "", f.old or "—", f.new or "—", ""]) for f in i.fields]
                label = f"{i.id}  {i.title.get(lang, '')}".strip()
                nodes.append(row([label, w(i.change), "", "", ""], fields, tip=label))
            out.append(row([w(section), "", "", "", ""], nodes))
        if d.sources:
            nodes = [row([f"{s.id}  {s.title}"[:120], w(s.change), self.tier_word(s.old_tier, lang),
                          self.tier_word(s.new_tier, lang), w(s.tier_change) if s.tier_change else ""],
                         weaker=s.tier_change == "weaker", tip=f"{s.id}  {s.title}") for s in d.sources]
            out.append(row([w("sources"), "", "", "", ""], nodes))
        return out
