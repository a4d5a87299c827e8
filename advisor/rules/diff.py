"""What a rule-pack update changes, readably: ``diff_packs(old, new) -> PackDiff``.

Sections (each entry says ``added``, ``removed`` or ``changed``):

- **params** — for a parameter, first the *effect*: on which dates the value in force changes,
  old → new (``2027-01-01 起：84 → 96``), worked out from both versions' dated values the way the
  engine picks them; then the raw value entries that were added, removed or edited;
- **rules / schemes / actions / facts / offices** — by id, with the fields that changed; scalar
  fields (dates, thresholds, ``computable``) show old → new, cut-off lists show each year's value
  old → new, condition and indicator lists name the ids added, removed or changed;
- **sources** — by id, with changed fields; a tier change is flagged ``weaker`` or ``stronger``
  (a value resting on a weaker source must be confirmed with the office again);
- **manifest** — version and date, old → new, and the content hashes.

``PackDiff.to_dict()`` is the data for the GUI; ``PackDiff.text(lang)`` the text for the CLI (zh or en).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from advisor.rules.pack import Pack
from advisor.rules.schema import TIER_RANK, Param
from advisor.rules.wording import TIER_WORDS, fmt_number, fmt_value

SECTIONS = ("rules", "schemes", "actions", "facts", "offices")
_SECTION_WORDS = {"params": ("参数", "Parameters"), "rules": ("规则", "Rules"),
                  "schemes": ("积分办法", "Points schemes"),
                  "actions": ("可采取的行动", "Actions"), "facts": ("事实目录", "Facts catalogue"),
                  "offices": ("经办部门", "Offices"), "sources": ("来源文件", "Sources")}
_CHANGE_MARK = {"added": "+", "removed": "-", "changed": "~"}
_CHANGE_WORDS = {"added": ("新增", "added"), "removed": ("删除", "removed"), "changed": ("修改", "changed")}


@dataclass
class FieldChange:
    """One changed field: ``old``/``new`` are short display strings (None: absent)."""

    field: str
    old: str | None = None
    new: str | None = None
    detail: list[str] = field(default_factory=list)  # e.g. ["+ cond_a", "~ cond_b", "2026: 119.92 → 121"]


@dataclass
class ItemChange:
    """A rule, scheme, action, fact or office added, removed or changed."""

    section: str
    id: str
    change: str
    title: dict[str, str]
    city: str | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class ParamEffect:
    """On ``start`` … ``end`` (None: open) the value in force goes from ``old`` to ``new``."""

    start: str
    end: str | None
    old: Any
    new: Any
    old_tier: str | None
    new_tier: str | None


@dataclass
class ParamEntryChange:
    """One dated value entry added, removed or edited."""

    change: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass
class ParamChange:
    """A parameter whose values (or description/unit) changed."""

    id: str
    change: str
    unit: str
    description: dict[str, str] | None
    effects: list[ParamEffect] = field(default_factory=list)
    entries: list[ParamEntryChange] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class SourceChange:
    """A source document added, removed or changed; ``tier_change`` is weaker/stronger/None."""

    id: str
    change: str
    title: str
    old_tier: str | None
    new_tier: str | None
    tier_change: str | None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PackDiff:
    """Everything that differs between two packs."""

    old: dict[str, str]
    new: dict[str, str]
    params: list[ParamChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    sources: list[SourceChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when the two packs have the same content."""
        return self.old["sha256"] == self.new["sha256"] or not (self.params or self.items or self.sources)

    @property
    def older(self) -> bool:
        """True when the new pack is dated before the old one (a downgrade)."""
        return (self.new["date"], _version_key(self.new["version"])) < \
            (self.old["date"], _version_key(self.old["version"]))

    def counts(self) -> dict[str, dict[str, int]]:
        """{section: {added, removed, changed}}."""
        out: dict[str, dict[str, int]] = {}
        for section, change in [("params", p.change) for p in self.params] + \
                [(i.section, i.change) for i in self.items] + [("sources", s.change) for s in self.sources]:
            out.setdefault(section, {"added": 0, "removed": 0, "changed": 0})[change] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (for the GUI and ``--format json``)."""
        return {"format": "advisor-pack-diff/1", "old": self.old, "new": self.new, "older": self.older,
                "counts": self.counts(), "params": [asdict(p) for p in self.params],
                "items": [asdict(i) for i in self.items], "sources": [asdict(s) for s in self.sources]}

    def text(self, lang: str = "zh") -> str:
        """The diff as readable text."""
        return "\n".join(diff_lines(self, lang))


def _version_key(v: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in v.split("."))
    except ValueError:
        return (0,)


# ----------------------------------------------------------------------------- helpers
def _short(value: Any, limit: int = 80) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict) and set(value) == {"param"}:
        text = f"{{param: {value['param']}}}"
    elif isinstance(value, dict) and set(value) >= {"zh", "en"} and len(value) <= 2:
        text = f"{value['zh']} / {value['en']}"
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _dump(model: Any) -> dict[str, Any]:
    return json.loads(model.model_dump_json(by_alias=True, exclude_none=True))


def _title(item: Any) -> dict[str, str]:
    for attr in ("title", "text", "name", "question"):
        t = getattr(item, attr, None)
        if t is not None and hasattr(t, "zh"):
            return {"zh": t.zh, "en": t.en}
    return {"zh": "", "en": ""}


def _list_detail(name: str, old: list[Any], new: list[Any]) -> list[str]:
    """What changed inside a list field: by id, by year (cut-offs) or by position."""
    if name == "cutoffs":
        o = {c.get("year"): c for c in old}
        n = {c.get("year"): c for c in new}
        out = []
        for year in sorted(set(o) | set(n)):
            a, b = o.get(year), n.get(year)
            if a == b:
                continue
            if a is None:
                out.append(f"+ {year}: {fmt_number(b['value'])}")
            elif b is None:
                out.append(f"- {year}: {fmt_number(a['value'])}")
            elif a.get("value") != b.get("value"):
                out.append(f"~ {year}: {fmt_number(a['value'])} → {fmt_number(b['value'])}")
            else:
                out.append(f"~ {year}: " + ", ".join(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))))
        return out
    keyed = all(isinstance(x, dict) and ("id" in x or "ref" in x) for x in old + new)
    if keyed:
        def key(x: dict[str, Any]) -> str:
            return str(x.get("id") or x.get("ref"))
        o = {key(x): x for x in old}
        n = {key(x): x for x in new}
        if len(o) == len(old) and len(n) == len(new):
            out = [f"+ {k}" for k in n if k not in o] + [f"- {k}" for k in o if k not in n]
            out += [f"~ {k}" for k in o if k in n and o[k] != n[k]]
            if not out and list(o) != list(n):
                out.append("order")
            return out
    out = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a == b:
            continue
        tag = f"#{i + 1}"
        if isinstance(b, dict) and b.get("type"):
            tag += f" ({b['type']})"
        out.append(f"{'+' if a is None else '-' if b is None else '~'} {tag}")
    return out


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    out = []
    for name in list(dict.fromkeys([*old, *new])):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if isinstance(a, list) or isinstance(b, list):
            out.append(FieldChange(name, None, None, _list_detail(name, a or [], b or [])))
        else:
            out.append(FieldChange(name, _short(a), _short(b)))
    return out


def _items(section: str, old: dict[str, Any], new: dict[str, Any]) -> list[ItemChange]:
    out = []
    for iid in sorted(set(old) | set(new)):
        a, b = old.get(iid), new.get(iid)
        if a is not None and b is not None:
            da, db = _dump(a), _dump(b)
            if da == db:
                continue
            out.append(ItemChange(section, iid, "changed", _title(b), getattr(b, "city", None), _field_changes(da, db)))
        else:
            item = b if b is not None else a
            out.append(ItemChange(section, iid, "added" if b is not None else "removed", _title(item),
                                  getattr(item, "city", None)))
    return out


# ----------------------------------------------------------------------------- params
def _in_force(param: Param | None, iso: str) -> Any:
    if param is None:
        return None
    best = None
    for v in param.values:
        if v.from_ <= iso and (v.to is None or iso <= v.to) and (best is None or v.from_ > best.from_):
            best = v
    return best


def _next_day(iso: str) -> str:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _prev_day(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def param_effects(old: Pack, new: Pack, pid: str) -> list[ParamEffect]:
    """The date ranges over which the value in force differs between the two packs."""
    po, pn = old.params.get(pid), new.params.get(pid)
    bounds: set[str] = set()
    for p in (po, pn):
        for v in p.values if p else []:
            bounds.add(v.from_)
            if v.to:
                bounds.add(_next_day(v.to))
    points = sorted(bounds)
    segments: list[ParamEffect] = []
    for i, start in enumerate(points):
        end = _prev_day(points[i + 1]) if i + 1 < len(points) else None
        a, b = _in_force(po, start), _in_force(pn, start)
        va = a.value if a else None
        vb = b.value if b else None
        ta = old.sources[a.source.ref].tier if a else None
        tb = new.sources[b.source.ref].tier if b else None
        if va == vb and ta == tb:
            continue
        if segments and segments[-1].end is not None and _next_day(segments[-1].end) == start and \
                (segments[-1].old, segments[-1].new, segments[-1].old_tier, segments[-1].new_tier) == (va, vb, ta, tb):
            segments[-1].end = end
            continue
        segments.append(ParamEffect(start, end, va, vb, ta, tb))
    return segments


def _params(old: Pack, new: Pack) -> list[ParamChange]:
    out = []
    for pid in sorted(set(old.params) | set(new.params)):
        a, b = old.params.get(pid), new.params.get(pid)
        if a is not None and b is not None and _dump(a) == _dump(b):
            # same entries; a source's tier may still have changed (shown under sources)
            continue
        p = b or a
        assert p is not None
        change = "changed" if a is not None and b is not None else "added" if b is not None else "removed"
        pc = ParamChange(pid, change, p.unit,
                         {"zh": p.description.zh, "en": p.description.en} if p.description else None)
        pc.effects = param_effects(old, new, pid)
        ea = {v.from_: _dump(v) for v in a.values} if a else {}
        eb = {v.from_: _dump(v) for v in b.values} if b else {}
        for start in sorted(set(ea) | set(eb)):
            x, y = ea.get(start), eb.get(start)
            if x != y:
                kind = "added" if x is None else "removed" if y is None else "changed"
                pc.entries.append(ParamEntryChange(kind, x, y))
        if a is not None and b is not None:
            da, db = _dump(a), _dump(b)
            da.pop("values"), db.pop("values")
            pc.fields = _field_changes(da, db)
        out.append(pc)
    return out


def _sources(old: Pack, new: Pack) -> list[SourceChange]:
    out = []
    for sid in sorted(set(old.sources) | set(new.sources)):
        a, b = old.sources.get(sid), new.sources.get(sid)
        if a is not None and b is not None and a == b:
            continue
        s = b or a
        assert s is not None
        change = "changed" if a is not None and b is not None else "added" if b is not None else "removed"
        ta, tb = (a.tier if a else None), (b.tier if b else None)
        tier_change = None
        if ta and tb and ta != tb:
            tier_change = "weaker" if TIER_RANK[tb] > TIER_RANK[ta] else "stronger"
        fields = _field_changes(_dump(a), _dump(b)) if a is not None and b is not None else []
        out.append(SourceChange(sid, change, s.title, ta, tb, tier_change, fields))
    return out


def diff_packs(old: Pack, new: Pack) -> PackDiff:
    """Everything that differs between ``old`` (the active pack) and ``new`` (the candidate)."""
    meta = [{"pack": p.manifest.pack, "version": p.manifest.version, "date": p.manifest.date, "sha256": p.sha256,
             "title_zh": p.manifest.title.zh, "title_en": p.manifest.title.en} for p in (old, new)]
    d = PackDiff(meta[0], meta[1])
    if old.sha256 == new.sha256:
        return d
    d.params = _params(old, new)
    d.items = (_items("rules", {r.id: r for r in old.rules}, {r.id: r for r in new.rules})
               + _items("schemes", {s.id: s for s in old.schemes}, {s.id: s for s in new.schemes})
               + _items("actions", {a.id: a for a in old.actions}, {a.id: a for a in new.actions})
               + _items("facts", old.facts, new.facts)
               + _items("offices", old.offices, new.offices))
    d.sources = _sources(old, new)
    return d


# ----------------------------------------------------------------------------- text
def value_text(value: Any, unit: str, lang: str) -> str:
    """A parameter value in words (``84个月`` / ``84 months``; ``（无）`` when absent)."""
    if value is None:
        return "（无）" if lang == "zh" else "(none)"
    if unit == "month" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{fmt_number(value)}个月" if lang == "zh" else f"{fmt_number(value)} months"
    return fmt_value(value, unit, lang)


def _tier(t: str | None, lang: str) -> str:
    if t is None:
        return "—"
    zh, en = TIER_WORDS.get(t, (t, t))
    return en if lang == "en" else zh


def effect_line(e: ParamEffect, unit: str, lang: str) -> str:
    """``2027-01-01 起：84个月 → 96个月`` / ``from 2027-01-01: 84 months → 96 months``."""
    if lang == "zh":
        when = f"{e.start} 起" if e.end is None else f"{e.start} 至 {e.end}"
    else:
        when = f"from {e.start}" if e.end is None else f"{e.start} to {e.end}"
    line = f"{when}{'：' if lang == 'zh' else ': '}{value_text(e.old, unit, lang)} → {value_text(e.new, unit, lang)}"
    if e.old_tier != e.new_tier:
        line += f"  [{_tier(e.old_tier, lang)} → {_tier(e.new_tier, lang)}]"
    elif e.new_tier and e.new_tier != "primary":
        line += f"  [{_tier(e.new_tier, lang)}]"
    return line


def diff_lines(d: PackDiff, lang: str = "zh") -> list[str]:
    """The diff as lines of text."""
    zh = lang == "zh"
    o, n = d.old, d.new
    lines = [(f"规则包：{o['pack']} {o['version']}（{o['date']}） → {n['pack']} {n['version']}（{n['date']}）" if zh
              else f"Rule pack: {o['pack']} {o['version']} ({o['date']}) → {n['pack']} {n['version']} ({n['date']})"),
             f"  SHA-256 {o['sha256'][:16]}… → {n['sha256'][:16]}…"]
    if o["pack"] != n["pack"]:
        lines.append("  ⚠ 这是另一个规则包（名称不同）" if zh else "  ⚠ this is a different pack (another name)")
    if d.older:
        lines.append("  ⚠ 新规则包的日期或版本早于当前规则包（降级）" if zh
                     else "  ⚠ the new pack is older than the active one (a downgrade)")
    if d.is_empty:
        lines.append("  内容相同，没有变化。" if zh else "  Same content: nothing changes.")
        return lines
    counts = d.counts()
    summary = []
    for section in ("params", *SECTIONS, "sources"):
        c = counts.get(section)
        if c:
            parts = [f"{_CHANGE_MARK[k]}{v}" for k, v in c.items() if v]
            summary.append(f"{_SECTION_WORDS[section][0 if zh else 1]} {' '.join(parts)}")
    lines.append(("  变化：" + "；".join(summary)) if zh else ("  Changes: " + "; ".join(summary)))
    if d.params:
        lines.append("")
        lines.append("参数（生效日期：旧值 → 新值）：" if zh else "Parameters (dates in force: old → new):")
        for p in d.params:
            desc = (p.description or {}).get(lang, "")
            lines.append(f"  {_CHANGE_MARK[p.change]} {p.id}" + (f"  {desc}" if desc else ""))
            for e in p.effects:
                lines.append(f"      {effect_line(e, p.unit, lang)}")
            if not p.effects and p.entries:
                lines.append("      " + ("取值不变，来源或备注有修改" if zh else "same values; source or note edited"))
            for f in p.fields:
                lines.append(f"      {f.field}: {f.old or '—'} → {f.new or '—'}")
    for section in SECTIONS:
        items = [i for i in d.items if i.section == section]
        if not items:
            continue
        lines.append("")
        lines.append(f"{_SECTION_WORDS[section][0 if zh else 1]}{'：' if zh else ':'}")
        for i in items:
            title = i.title.get(lang) or ""
            head = f"  {_CHANGE_MARK[i.change]} {i.id}" + (f"  {title}" if title else "")
            if i.change != "changed":
                head += f"（{_CHANGE_WORDS[i.change][0]}）" if zh else f" ({_CHANGE_WORDS[i.change][1]})"
            lines.append(head)
            for f in i.fields:
                if f.detail:
                    lines.append(f"      {f.field}: " + ", ".join(f.detail))
                elif f.field in ("title", "text", "name", "question", "summary"):
                    lines.append(f"      {f.field}" + ("（文字修改）" if zh else " (wording edited)"))
                else:
                    lines.append(f"      {f.field}: {f.old or '—'} → {f.new or '—'}")
    if d.sources:
        lines.append("")
        lines.append("来源文件：" if zh else "Sources:")
        for s in d.sources:
            head = f"  {_CHANGE_MARK[s.change]} {s.id}  {_short(s.title, 60)}"
            if s.change != "changed":
                head += f"（{_CHANGE_WORDS[s.change][0]}）" if zh else f" ({_CHANGE_WORDS[s.change][1]})"
            lines.append(head)
            if s.tier_change:
                warn = "⚠ 依据变弱，须向经办部门核实" if zh else "⚠ weaker: confirm with the office"
                lines.append(f"      {'级别' if zh else 'tier'}: {_tier(s.old_tier, lang)} → {_tier(s.new_tier, lang)}"
                             + (f"  {warn}" if s.tier_change == "weaker" else ""))
            for f in s.fields:
                if f.field != "tier":
                    lines.append(f"      {f.field}: {f.old or '—'} → {f.new or '—'}")
    return lines
