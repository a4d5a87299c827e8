"""Engine result → the letter's view-model: plain data in one language, in a stable order.

The first page is for the family (``now`` / ``later`` / ``blocked`` lists, ``find_out`` when facts
are missing, the next three things to do with dates, the documents checklist); then each option step
by step, the points tables, the calendar of application windows, and the annex (sources, how each
result was decided, provenance). Nothing here formats markup: the template does that, and every
value is escaped on its way into it.

Built for the general result shape of ``advisor-result/1`` with the README's extensions; optional
fields may be absent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from advisor import __version__
from advisor.domain.case import Case
from advisor.domain.dates import format_date
from advisor.letters.centre import Centre
from advisor.letters.environment import Strings
from advisor.rules.wording import CONFIRM, STATUS_WORDS, TIER_WORDS, city_name, fmt_number, pick

STATUS_ORDER = ("eligible", "eligible_later", "needs_info", "not_eligible")
NEXT_STEPS_ON_FIRST_PAGE = 3
SOON_DAYS = 60  # a window opening within this many days is among the next things to do


@dataclass(frozen=True)
class LetterInput:
    """Everything a letter is made from (the same input gives the same bytes)."""

    case: Case
    result: dict[str, Any]
    lang: str
    centre: Centre
    include: frozenset[tuple[str, str]] | None
    note: str | None


def case_sha256(case: Case) -> str:
    """A fingerprint of the case: SHA-256 of its canonical JSON."""
    data = case.model_dump(mode="json")
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_key(entry: dict[str, Any]) -> tuple[str, str]:
    """``(rule_id, subject)`` of an option; ``(scheme, subject or 'applicant')`` of a points entry."""
    if "rule_id" in entry:
        return entry["rule_id"], entry.get("subject", "applicant")
    return entry.get("scheme", ""), entry.get("subject", "applicant")


class _View:
    """Builds the view for one letter; ``t`` is the language's strings table."""

    def __init__(self, inp: LetterInput):
        self.inp = inp
        self.lang = inp.lang
        self.t = Strings(inp.lang)
        self.as_of = date.fromisoformat(inp.result["as_of"])

    # -- small helpers ------------------------------------------------------------------------
    def tx(self, d: Any) -> str:
        """One language of a ``{zh, en}`` text (or the text itself)."""
        if d is None:
            return ""
        if isinstance(d, str):
            return d
        return d.get(self.lang) or d.get("zh") or d.get("en") or ""

    def date(self, iso: str | None) -> str:
        if not iso:
            return ""
        return format_date(date.fromisoformat(iso), self.lang)

    def span(self, start: str | None, end: str | None) -> str:
        if not start:
            return self.date(end)
        if not end or end == start:
            return self.date(start)
        a, b = date.fromisoformat(start), date.fromisoformat(end)
        if self.lang == "zh" and a.year == b.year:
            return f"{format_date(a, 'zh')}至{b.month}月{b.day}日"
        return self.t("common.span", start=format_date(a, self.lang), end=format_date(b, self.lang))

    def confirm_mark(self, entry: dict[str, Any] | None = None, tier: str | None = None) -> str | None:
        """``（此项请向经办部门核实）`` for anything whose source is not primary."""
        needs = (tier is not None and tier != "primary") or (
            entry is not None and (entry.get("confirm") or entry.get("tier", "primary") != "primary"))
        if not needs:
            return None
        return f"（此项{CONFIRM[0]}）" if self.lang == "zh" else f"({CONFIRM[1]})"

    def who(self, entry: dict[str, Any]) -> str | None:
        """Whom an option is about, unless it is the applicant."""
        subject = entry.get("subject", "applicant")
        if subject == "applicant":
            return None
        if subject.startswith("child:"):
            name = entry.get("subject_name")
            if name:
                return self.t("subject.child", name=name)
            return self.t("subject.child_unnamed", n=int(subject.split(":", 1)[1]) + 1)
        return self.t(f"subject.{subject}") if subject in ("spouse", "household") else subject

    def status_text(self, entry: dict[str, Any]) -> str:
        status = entry["status"]
        if status == "eligible_later" and entry.get("eligible_from"):
            return self.t("status.from", date=self.date(entry["eligible_from"]))
        return pick(STATUS_WORDS[status], self.lang)

    def offices(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for o in entry.get("offices") or []:
            out.append({
                "name": self.tx(o.get("name")),
                "address": self.tx(o.get("address")) or None,
                "hotline": o.get("hotline") or None,
                "online": o.get("online") or None,
            })
        return out

    def office_line(self, entry: dict[str, Any]) -> str | None:
        offices = self.offices(entry)
        if not offices:
            return None
        o = offices[0]
        parts = [o["name"]]
        if o["address"]:
            parts.append(o["address"])
        if o["hotline"]:
            parts.append(self.t("common.phone", phone=o["hotline"]))
        return self.t("common.list_sep").join(parts)

    def windows(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for w in entry.get("windows") or []:
            if w.get("to") and w["to"] < self.inp.result["as_of"]:
                continue
            out.append({"label": self.tx(w.get("label")), "range": self.span(w.get("from"), w.get("to")),
                        "from": w.get("from") or "", "to": w.get("to") or "",
                        "confirm": self.confirm_mark(tier=w.get("tier", "primary"))})
        return sorted(out, key=lambda w: (w["from"], w["to"], w["label"]))

    def documents(self, entry: dict[str, Any]) -> list[str]:
        return [self.tx(d) for d in entry.get("documents") or [] if self.tx(d)]

    # -- entries ---------------------------------------------------------------------------------
    def entries(self) -> list[dict[str, Any]]:
        """Options and points entries chosen for the letter, grouped by status, stable order."""
        res = self.inp.result
        chosen = [("option", o) for o in res.get("options") or []]
        chosen += [("points", p) for p in res.get("points") or []]
        if self.inp.include is not None:
            chosen = [(k, e) for k, e in chosen if entry_key(e) in self.inp.include]
        order = {s: i for i, s in enumerate(STATUS_ORDER)}
        indexed = list(enumerate(chosen))
        indexed.sort(key=lambda it: (order.get(it[1][1].get("status", "needs_info"), 9), it[0]))
        return [dict(e, _type=kind) for _, (kind, e) in indexed]

    def points_summary(self, p: dict[str, Any]) -> str | None:
        """One line about the score for the first page."""
        if not p.get("computable", True):
            return self.tx(p.get("reason")) or self.t("points.not_computable")
        total = p.get("total")
        if total is None:
            return None
        thr = p.get("threshold")
        partial = self.t("points.partial_short" + _direction(p)) if p.get("total_is_partial") else ""
        if not thr:
            return self.t("points.summary_total", total=fmt_number(total)) + partial
        line = self.threshold_label(thr)
        gap = p.get("gap")
        can = self.t("points.can_apply") if p.get("status") == "eligible" else ""
        if gap:
            return can + self.t("points.summary_gap", total=fmt_number(total), line=line,
                                value=fmt_number(thr["value"]), gap=fmt_number(gap)) + partial
        return can + self.t("points.summary_reached", total=fmt_number(total), line=line,
                            value=fmt_number(thr["value"])) + partial

    def threshold_label(self, thr: dict[str, Any]) -> str:
        if thr.get("label"):
            return self.tx(thr["label"])
        if thr.get("type") == "last_cutoff" and thr.get("year"):
            return self.t("points.line_year", year=thr["year"])
        return self.t("points.line_standard")

    def who_many(self, group: list[dict[str, Any]]) -> str | None:
        """Whom a group of entries of one rule is about: ``孩子王小雨、王小林``."""
        if len(group) == 1:
            return self.who(group[0])
        if all(e.get("subject", "").startswith("child:") for e in group):
            names = [e.get("subject_name") or self.t("subject.child_unnamed", n=int(e["subject"].split(":")[1]) + 1)
                     for e in group]
            return self.t("subject.children", names=self.t("common.name_sep").join(names))
        whos = [self.who(e) or self.t("subject.applicant") for e in group]
        return self.t("common.name_sep").join(dict.fromkeys(whos))

    @staticmethod
    def groups(entries: list[dict[str, Any]], same: Any) -> list[list[dict[str, Any]]]:
        """Entries of the same rule that ``same(entry)`` cannot tell apart, merged (first-seen order)."""
        out: dict[Any, list[dict[str, Any]]] = {}
        for e in entries:
            out.setdefault((e.get("rule_id") or e.get("scheme"), same(e)), []).append(e)
        return list(out.values())

    def first_page_lists(self, entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {"now": [], "later": [], "find_out": [], "blocked": []}
        now = [e for e in entries if e["status"] == "eligible"]
        for group in self.groups(now, lambda e: e["_type"]):
            e = group[0]
            lists["now"].append({"title": self.tx(e.get("title")), "who": self.who_many(group),
                                 "confirm": self.confirm_mark(e),
                                 "extra": self.points_summary(e) if e["_type"] == "points" else None})
        for e in entries:
            item = {"title": self.tx(e.get("title")), "who": self.who(e), "confirm": self.confirm_mark(e)}
            status = e["status"]
            if status == "eligible_later":
                item["when"] = self.status_text(e)
                item["reasons"] = [self.tx(r) for r in e.get("reasons") or []]
                lists["later"].append(item)
            elif status == "not_eligible":
                item["reasons"] = [self.tx(r) for r in e.get("reasons") or []]
                lists["blocked"].append(item)
        lists["find_out"] = [{"question": q, "titles": self.titles(group), "confirm": None}
                             for q, group in self.by_question(entries)]
        return lists

    def questions(self, e: dict[str, Any]) -> tuple[str, ...]:
        """What to find out for a ``needs_info`` entry (its reasons when it lists no changes)."""
        return tuple(self.tx(c) for c in e.get("changes") or []) or tuple(self.tx(r) for r in e.get("reasons") or [])

    def by_question(self, entries: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
        """``needs_info`` entries grouped by each question they wait on (several options often share one)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for e in entries:
            if e["status"] == "needs_info":
                for q in self.questions(e):
                    out.setdefault(q, []).append(e)
        return list(out.items())

    def titles(self, group: list[dict[str, Any]]) -> str:
        """The options of a group, each once, with whom they are about."""
        names = []
        for e in group:
            who = self.who(e)
            names.append(self.tx(e.get("title")) + (self.t("common.who", who=who) if who else ""))
        return self.t("common.list_sep").join(dict.fromkeys(names))

    def _next_candidate(self, group: list[dict[str, Any]],
                        index: int) -> tuple[tuple[int, str, int], dict[str, Any]] | None:
        """Rank, date and wording of one thing to do (None: nothing to do for this entry)."""
        e = group[0]
        today = self.inp.result["as_of"]
        steps = [self.tx(s) for s in e.get("next_steps") or []]
        item = {"title": self.tx(e.get("title")), "who": self.who_many(group), "where": self.office_line(e),
                "confirm": self.confirm_mark(e), "action": steps[0] if steps else None,
                "documents": self.documents(e)}
        status = e["status"]
        if status == "eligible":
            wins = self.windows(e)
            if not wins:
                return (1, today, index), dict(item, when=self.t("next.now"))
            w = wins[0]
            if w["from"] <= today:
                return (0, today, index), dict(item, when=self.t("next.until", date=self.date(w["to"])))
            soon = (date.fromisoformat(w["from"]) - self.as_of).days <= SOON_DAYS
            return (0 if soon else 3, w["from"], index), dict(item, when=self.t("next.window", range=w["range"]))
        if status == "needs_info":
            return (2, today, index), dict(item, when=self.t("next.before_visit"), where=None, documents=[],
                                           title=self.titles(group), who=None,
                                           action=self.t("common.list_sep").join(self.questions(e)) or None)
        if status == "eligible_later" and e.get("eligible_from"):
            return (4, e["eligible_from"], index), dict(
                item, when=self.t("next.from", date=self.date(e["eligible_from"])), action=self.t("next.come_back"),
                documents=[])
        return None

    def next_things(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The next three things to do: what is open or opens soon, what can be done any time, what to
        find out, later windows, then what opens later — each with a verb, a place and a date."""
        candidates = []
        groups = self.groups([e for e in entries if e["status"] != "needs_info"],
                             lambda e: (e["status"], e.get("eligible_from"), e["_type"]))
        questions: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for e in entries:
            if e["status"] == "needs_info":
                questions.setdefault(self.questions(e), []).append(e)
        groups += list(questions.values())
        for i, group in enumerate(groups):
            c = self._next_candidate(group, i)
            if c:
                candidates.append(c)
        candidates.sort(key=lambda c: c[0])
        return [c[1] for c in candidates[:NEXT_STEPS_ON_FIRST_PAGE]]

    @staticmethod
    def checklist(next_things: list[dict[str, Any]]) -> list[str]:
        """Documents for the next things to do (each once)."""
        return list(dict.fromkeys(d for n in next_things for d in n.pop("documents")))

    def detail(self, e: dict[str, Any]) -> dict[str, Any]:
        """One option step by step. Reasons say why it is not open yet; for a missing fact, what to find
        out (the two say the same thing in other words, so only one is printed)."""
        status = e["status"]
        acting = status in ("eligible", "eligible_later")
        reasons = [self.tx(r) for r in e.get("reasons") or []] if status != "eligible" else []
        changes = [self.tx(c) for c in e.get("changes") or []] if status == "needs_info" else []
        if changes:
            reasons = []
        d = {
            "status": status,
            "status_text": self.status_text(e),
            "title": self.tx(e.get("title")),
            "who": self.who(e),
            "summary": self.tx(e.get("summary")) or None,
            "points_line": self.points_summary(e) if e["_type"] == "points" else None,
            "reasons": reasons,
            "changes": changes,
            "steps": [self.tx(s) for s in e.get("next_steps") or []] if acting else [],
            "documents": self.documents(e) if acting else [],
            "offices": self.offices(e),
            "windows": self.windows(e),
            "notes": [self.tx(n) for n in e.get("notes") or []],
            "confirm": self.confirm_mark(e),
        }
        if e["_type"] == "points" and not e.get("computable", True):
            d["to_confirm"] = [self.tx(x) for x in e.get("to_confirm") or []]
        else:
            d["to_confirm"] = []
        return d

    def points_table(self, p: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.tx(p.get("title")), "computable": p.get("computable", True),
                               "reason": self.tx(p.get("reason")) or None,
                               "to_confirm": [self.tx(x) for x in p.get("to_confirm") or []],
                               "confirm": self.confirm_mark(p)}
        if not out["computable"]:
            return out
        rows = []
        for b in p.get("breakdown") or []:
            label = self.tx(b.get("label")) or b.get("indicator", "")
            rows.append({"label": label, "points": fmt_number(b.get("points") or 0),
                         "detail": self.tx(b.get("detail")), "unknown": bool(b.get("missing_facts"))})
        thr = p.get("threshold")
        out.update({
            "rows": rows,
            "total": fmt_number(p["total"]) if p.get("total") is not None else "—",
            "partial": bool(p.get("total_is_partial")),
            "partial_key": "points.partial" + _direction(p),
            "threshold": {"row_label": _capitalised(self.threshold_label(thr)), "value": fmt_number(thr["value"]),
                          "confirm": self.confirm_mark(tier=thr.get("tier", "primary"))} if thr else None,
            "gap": fmt_number(p["gap"]) if p.get("gap") is not None else None,
            "reaches_on": self.date(p.get("reaches_threshold_on")) or None,
            "projection": [{"year": str(x["year"]), "total": fmt_number(x["total"]) if x.get("total") is not None
                            else "—"} for x in p.get("projection") or []],
            "cutoffs": [{"year": str(c["year"]), "value": fmt_number(c["value"]),
                         "settled": str(c["settled"]) if c.get("settled") is not None else "—",
                         "tier": pick(TIER_WORDS.get(c.get("tier", "primary"), TIER_WORDS["unverified"]), self.lang)}
                        for c in p.get("cutoffs") or []],
            "cutoffs_confirm": self.confirm_mark(tier="secondary") if any(
                c.get("tier", "primary") != "primary" for c in p.get("cutoffs") or []) else None,
            "suggestions": [{"text": self.tx(s.get("text")), "points": fmt_number(s.get("points", 0))}
                            for s in p.get("suggestions") or []],
        })
        return out

    def calendar(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = []
        for e in entries:
            title = self.tx(e.get("title"))
            for w in self.windows(e):
                rows.append({"sort": (w["from"], w["to"]), "range": w["range"], "label": w["label"], "title": title,
                             "who": self.who(e), "confirm": w["confirm"] or self.confirm_mark(e)})
            if e["status"] == "eligible_later" and e.get("eligible_from"):
                rows.append({"sort": (e["eligible_from"], e["eligible_from"]),
                             "range": self.t("next.from", date=self.date(e["eligible_from"])),
                             "label": self.t("calendar.opens"), "title": title, "who": self.who(e),
                             "confirm": self.confirm_mark(e)})
        rows.sort(key=lambda r: (r["sort"], r["title"], r["label"]))
        for r in rows:
            del r["sort"]
        return rows

    def sources(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        for e in entries:
            title = self.tx(e.get("title"))
            for s in e.get("sources") or []:
                tier = s.get("tier", "unverified")
                key = (s.get("title") or "", s.get("number"), s.get("date"), tier)
                src = found.get(key)
                if src is None:
                    src = found[key] = {
                        "title": s.get("title") or "", "number": s.get("number"), "articles": [],
                        "date": self.date(s["date"]) if s.get("date") else None, "publisher": s.get("publisher"),
                        "tier": pick(TIER_WORDS.get(tier, TIER_WORDS["unverified"]), self.lang),
                        "primary": tier == "primary", "used_for": [],
                    }
                if s.get("article") and s["article"] not in src["articles"]:
                    src["articles"].append(s["article"])
                if title not in src["used_for"]:
                    src["used_for"].append(title)
        out = list(found.values())
        sep = self.t("common.list_sep")
        for n, s in enumerate(out, 1):
            s["n"] = n
            s["article"] = self.t("common.name_sep").join(s.pop("articles")) or None
            s["used_for"] = sep.join(s["used_for"])
        return out

    def decisions(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for e in entries:
            conds = e.get("conditions") if e["_type"] == "option" else e.get("preconditions")
            proves: dict[str, list[str]] = {}
            for d in e.get("documents") or []:
                if isinstance(d, dict) and d.get("proves"):
                    proves.setdefault(d["proves"], []).append(self.tx(d))
            lines: list[dict[str, Any]] = []
            self._flatten(conds or [], 0, lines, proves)
            out.append({"title": self.tx(e.get("title")), "who": self.who(e), "status": e["status"],
                        "status_text": self.status_text(e), "lines": lines,
                        "missing": [self.tx(c) for c in e.get("changes") or [] if e["status"] == "needs_info"]})
        return out

    def _flatten(self, conds: list[dict[str, Any]], level: int, lines: list[dict[str, Any]],
                 proves: dict[str, list[str]]) -> None:
        for c in conds:
            mark = {True: "✓", False: "✗", None: "?"}.get(c.get("met"), "?")
            text = self.tx(c.get("text"))
            docs = proves.get(c.get("id", ""), [])
            lines.append({"level": min(level, 3), "mark": mark, "text": text,
                          "proof": self.t("annex.proof", docs=self.t("common.list_sep").join(docs)) if docs else None})
            if c.get("met") is not True:  # the sub-conditions only matter where the condition did not hold
                self._flatten(c.get("children") or [], level + 1, lines, proves)

    # -- the whole view ----------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        inp, res, lang = self.inp, self.inp.result, self.lang
        entries = self.entries()
        next_things = self.next_things(entries)
        case = inp.case
        name = case.applicant.name
        district = case.district or ""
        place = city_name(res.get("city", case.city), lang)
        if district:
            place += (" " if lang == "en" else "") + district
        rules = res.get("rules") or {}
        case_hash = case_sha256(case)
        centre = inp.centre
        pack_hash = rules.get("sha256", "")
        return {
            "lang": lang,
            "centre": {"name": centre.get("name", lang), "address": centre.get("address", lang),
                       "phone": centre.get("phone", lang), "hours": centre.get("hours", lang),
                       "configured": centre.configured},
            "date": self.date(res["as_of"]),
            "recipient": name,
            "place": place,
            "has_family": bool(case.family.children) or case.family.spouse is not None,
            "note": inp.note.strip() if inp.note and inp.note.strip() else None,
            "notices": [self.tx(n) for n in res.get("notices") or []],
            "empty": not entries,
            **self.first_page_lists(entries),
            "next": next_things,
            "checklist": self.checklist(next_things),
            "details": [self.detail(e) for e in entries if e["status"] != "not_eligible"],
            "points": [self.points_table(e) for e in entries if e["_type"] == "points"],
            "calendar": self.calendar(entries),
            "sources": self.sources(entries),
            "decisions": self.decisions(entries),
            "provenance": {
                "pack": rules.get("pack", ""), "version": rules.get("version", ""),
                "pack_date": rules.get("date") or "", "pack_sha256": pack_hash, "pack_short": pack_hash[:12],
                "as_of": res["as_of"], "app": __version__, "case_sha256": case_hash, "case_short": case_hash[:12],
                "language": "中文" if lang == "zh" else "English",
            },
        }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_view(inp: LetterInput) -> dict[str, Any]:
    """The letter's view-model (see the module docstring)."""
    return _View(inp).build()


def _direction(p: dict[str, Any]) -> str:
    """Which way unknown answers could move a points total: "" (higher), "_lower" or "_either"."""
    up, down = p.get("total_could_be_higher", True), p.get("total_could_be_lower", False)
    return "_either" if up and down else ("_lower" if down else "")
