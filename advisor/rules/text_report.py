"""The result as text a case worker reads aloud: grouped by domain, badges, reasons in plain words."""

from __future__ import annotations

from typing import Any

from advisor.domain.dates import format_date
from advisor.rules.explain import question_of
from advisor.rules.wording import (
    DOMAIN_NAMES,
    STATUS_BADGES,
    STATUS_WORDS,
    TIER_WORDS,
    city_name,
    fmt_number,
    pick,
)

_DOMAIN_ORDER = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")


def _d(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    from datetime import date

    return format_date(date.fromisoformat(iso), lang)


_POINTS_WORDS = {
    "eligible": ("符合申报条件", "meets the conditions to apply"),
    "not_eligible": ("暂不符合申报条件", "does not meet the conditions to apply yet"),
    "needs_info": ("需补充信息", "more information needed"),
}


def status_line(o: dict[str, Any], lang: str, points: bool = False) -> str:
    """``● 可办理`` / ``◐ 2028年1月1日起可办理`` (for points: whether one may apply at all)."""
    badge = STATUS_BADGES[o["status"]]
    if o["status"] == "eligible_later" and o.get("eligible_from"):
        when = _d(o["eligible_from"], lang)
        if points:
            text = f"{when}起符合申报条件" if lang == "zh" else f"can apply from {when}"
        else:
            text = f"{when}起可办理" if lang == "zh" else f"from {when}"
    elif points:
        text = pick(_POINTS_WORDS[o["status"]], lang)
    else:
        text = pick(STATUS_WORDS[o["status"]], lang)
    return f"{badge} {text}"


def render_text(result: dict[str, Any], lang: str = "zh", detail: bool = True, pack: Any = None) -> str:
    """The whole result as plain text (``pack`` turns missing fact ids into interview questions)."""
    zh = lang == "zh"
    lines = []
    rules = result["rules"]
    lines.append(("评估结果" if zh else "Result") + f" — {city_name(result['city'], lang)} · "
                 + ("评估日期 " if zh else "as of ") + _d(result["as_of"], lang))
    lines.append(("规则包 " if zh else "Rule pack ") + f"{rules['pack']} {rules['version']} · {rules['sha256'][:12]}")
    for n in result.get("notices", []):
        lines.append("! " + n[lang])
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for o in result["options"]:
        by_domain.setdefault(o["domain"], []).append(o)
    if result.get("points"):
        by_domain.setdefault("points", [])
    for dom in _DOMAIN_ORDER:
        if dom not in by_domain:
            continue
        lines.append("")
        lines.append(f"【{pick(DOMAIN_NAMES[dom], lang)}】" if zh else f"== {pick(DOMAIN_NAMES[dom], lang)} ==")
        for o in by_domain[dom]:
            who = f"{o['subject_name']}：" if zh and o.get("subject_name") else (
                f"{o['subject_name']}: " if o.get("subject_name") else "")
            tier = "" if o["tier"] == "primary" else f"  [{pick(TIER_WORDS[o['tier']], lang)}]"
            lines.append(f"  {who}{o['title'][lang]}  {status_line(o, lang)}{tier}")
            if detail:
                if o.get("summary"):
                    lines.append(f"      {o['summary'][lang]}")
                for r in o["reasons"]:
                    lines.append(f"      - {r[lang]}")
                if o["status"] != "eligible":
                    for n in o.get("notes", []):
                        lines.append(f"      ※ {n[lang]}")
                if o["status"] != "not_eligible" and o["next_steps"]:
                    lines.append("      " + ("怎么办：" if zh else "What to do:"))
                    for i, step in enumerate(o["next_steps"], 1):
                        lines.append(f"        {i}. {step[lang]}")
                if o["status"] in ("eligible", "eligible_later") and o["documents"]:
                    lines.append("      " + ("要带的材料：" if zh else "Bring: ") + ("、" if zh else "; ").join(
                        d[lang] for d in o["documents"]))
                for off in o["offices"]:
                    hot = f"（{off['hotline']}）" if zh and off.get("hotline") else (
                        f" ({off['hotline']})" if off.get("hotline") else "")
                    lines.append("      " + ("去哪办：" if zh else "Where: ") + off["name"][lang] + hot)
                for w in o.get("windows", []):
                    lines.append("      " + ("时间：" if zh else "When: ") + f"{w['label'][lang]} "
                                 f"{_d(w['from'], lang)} – {_d(w['to'], lang)}")
                if o.get("confirm"):
                    lines.append(f"      （{o['confirm'][lang]}）" if zh else f"      ({o['confirm'][lang]})")
        if dom == "points":
            for p in result.get("points", []):
                lines.extend(_points_lines(p, lang, detail))
    if result.get("missing_facts") and detail:
        lines.append("")
        lines.append("还需要了解（回答后结果会更准确）：" if zh
                     else "Still to find out (answers may change the result):")
        for fid in result["missing_facts"]:
            lines.append("  - " + (question_of(fid, pack, lang) if pack is not None else fid))
    return "\n".join(lines) + "\n"


def _points_lines(p: dict[str, Any], lang: str, detail: bool) -> list[str]:
    zh = lang == "zh"
    out = [f"  {p['title'][lang]}  {status_line(p, lang, points=True)}"]
    if not p["computable"]:
        out.append("      " + p["reason"][lang])
        for t in p.get("to_confirm", []):
            out.append("      - " + t[lang])
    else:
        thr = p["threshold"]
        total = fmt_number(p["total"])
        if thr:
            kind = ("上次分数线" if zh else "last cut-off") if thr["type"] == "last_cutoff" else (
                "标准分值" if zh else "standard score")
            year = ""
            if thr.get("year"):
                year = f"（{thr['year']}年）" if zh else f" ({thr['year']})"
            out.append(f"      {'总分' if zh else 'Total'} {total} / {kind}{year} {fmt_number(thr['value'])}  "
                       + (f"差 {fmt_number(p['gap'])} 分" if zh else f"gap {fmt_number(p['gap'])}"))
        else:
            out.append(f"      {'总分' if zh else 'Total'} {total}")
        if p.get("total_is_partial"):
            up, down = p.get("total_could_be_higher"), p.get("total_could_be_lower")
            way_zh = "可能更高也可能更低" if up and down else ("可能更低" if down else "可能更高")
            way_en = "higher or lower" if up and down else ("lower" if down else "higher")
            out.append("      " + (f"（部分信息不清楚，按0分计，实际{way_zh}）" if zh
                                   else f"(some facts unknown, counted as 0; the real total may be {way_en})"))
        if detail:
            for b in p["breakdown"]:
                if b["points"] or b.get("missing_facts"):
                    out.append(f"      · {b['label'][lang]}: {fmt_number(b['points'])}  ({b['detail'][lang]})")
            proj = ", ".join(f"{x['year']}: {fmt_number(x['total'])}" for x in p["projection"])
            if proj:
                out.append("      " + ("如情况不变，预计：" if zh else "If nothing changes: ") + proj)
            for s in p["suggestions"][:3]:
                out.append("      + " + s["text"][lang] + (f"（+{fmt_number(s['points'])}分）" if zh
                                                           else f" (+{fmt_number(s['points'])})"))
    if detail:
        for r in p.get("reasons", []):
            if p["status"] != "eligible":
                out.append(f"      - {r[lang]}")
    if p.get("confirm"):
        out.append(f"      （{p['confirm'][lang]}）" if zh else f"      ({p['confirm'][lang]})")
    return out
