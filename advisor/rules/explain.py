"""Every result explains itself: a sentence per condition with the family's own numbers, the
earliest date a waiting condition will hold, and what would change the outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.dates import PartialDate
from advisor.rules.conditions import Outcome
from advisor.rules.wording import fmt_value

_WAITABLE_UNITS = {"month", "age", "year"}


def _json_value(v: Any) -> Any:
    if isinstance(v, date | PartialDate):
        return str(v) if isinstance(v, PartialDate) else v.isoformat()
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    return v


def _fmt(v: Any, unit: str | None, lang: str, labels: dict[str, Any] | None) -> str:
    if unit == "deadline":
        return fmt_value(date.fromisoformat(v) if len(str(v)) == 10 else PartialDate.parse(str(v)), None, lang)
    if unit == "date" and isinstance(v, dict):
        parts = []
        if v.get("on_or_after"):
            parts.append(("不早于" if lang == "zh" else "on or after ") + v["on_or_after"])
        if v.get("on_or_before"):
            parts.append(("不晚于" if lang == "zh" else "on or before ") + v["on_or_before"])
        return ("，" if lang == "zh" else ", ").join(parts)
    if unit == "age" and isinstance(v, list):
        return f"{v[0]}–{v[1]}" + ("岁" if lang == "zh" else " years old")
    return fmt_value(v, unit, lang, labels)


def question_of(fact_id: str, pack: Any, lang: str) -> str:
    """The interview question for a fact (or its id when the catalogue has none)."""
    fact = pack.facts.get(fact_id)
    if fact is None:
        return fact_id
    return fact.question.en if lang == "en" else fact.question.zh


def condition_text(o: Outcome, lang: str, pack: Any) -> str:
    """One plain sentence about one condition."""
    label = o.label.get(lang) or o.label.get("zh", "")
    labels = None
    fact_id = vars(o.cond).get("fact")  # not getattr: a miss goes through pydantic's slow attribute hook
    if fact_id and fact_id in pack.facts and pack.facts[fact_id].labels:
        labels = pack.facts[fact_id].labels
    zh = lang == "zh"
    if o.met is None:
        if o.missing:
            qs = ("；" if zh else "; ").join(dict.fromkeys(question_of(f, pack, lang) for f in o.missing))
            text = f"{label}：尚不清楚。需要补充：{qs}" if zh else f"{label}: not known yet. Please find out: {qs}"
        else:
            text = f"{label}：尚不清楚" if zh else f"{label}: not known yet"
        if o.note:
            text += ("（" + o.note["zh"] + "）") if zh else f" ({o.note['en']})"
        return text
    has_numbers = o.actual is not None and o.required is not None and not o.children
    if o.unit == "deadline":
        deadline = _fmt(o.required, "deadline", lang, None)
        if o.met:
            text = f"{label}：符合，期限到{deadline}" if zh else f"{label}: yes, until {deadline}"
        else:
            text = f"{label}：已超过期限（{deadline}）" if zh else f"{label}: the deadline passed ({deadline})"
        return text
    if has_numbers and o.unit is not None:
        actual = _fmt(o.actual, o.unit, lang, labels)
        required = _fmt(o.required, o.unit, lang, labels)
        text = (f"{label}。目前：{actual}；要求：{required}。" if zh
                else f"{label}. Now: {actual}; required: {required}.")
    elif o.met:
        text = f"{label}：符合" if zh else f"{label}: yes"
        if has_numbers and not isinstance(o.actual, bool):
            shown = _fmt(o.actual, o.unit, lang, labels)
            text += f"（{shown}）" if zh else f" ({shown})"
    else:
        text = f"{label}：不符合" if zh else f"{label}: no"
        if has_numbers and not isinstance(o.actual, bool):
            text += (f"（目前：{_fmt(o.actual, o.unit, lang, labels)}）" if zh
                     else f" (now: {_fmt(o.actual, o.unit, lang, labels)})")
    if o.met is False and o.earliest is not None:
        if zh and not text.endswith("。"):
            text += "。"
        elif not zh and not text.endswith("."):
            text += "."
        when = fmt_value(o.earliest, None, lang)
        if o.required_then is not None:
            then = _fmt(o.required_then, o.unit, lang, labels)
            text += (f"要求会逐步提高，届时要求{then}；如保持不中断，预计{when}满足。" if zh
                     else f" The requirement rises: {then} by then; if nothing changes, met on {when}.")
        elif o.unit == "month" and isinstance(o.actual, int) and isinstance(o.required, int):
            gap = fmt_value(o.required - o.actual, "month", lang)
            text += (f"还差{gap}，如保持不中断，预计{when}满足。" if zh
                     else f" {gap} to go; if nothing changes, met on {when}.")
        else:
            text += f"预计{when}满足。" if zh else f" Met on {when} if nothing changes."
    if o.note and o.met is not True:
        text += ("（" + o.note["zh"] + "）") if zh else f" ({o.note['en']})"
    return text


def condition_entry(o: Outcome, pack: Any, text: bool = True) -> dict[str, Any]:
    """The result-format entry for one condition (children kept for all/any/not); ``text=False``
    leaves out the sentences (lean evaluations for reports and recall lists)."""
    entry: dict[str, Any] = {"id": o.id}
    if text:
        entry["text"] = {"zh": condition_text(o, "zh", pack), "en": condition_text(o, "en", pack)}
    entry.update({
        "met": o.met,
        "actual": _json_value(o.actual),
        "required": _json_value(o.required),
        "unit": o.unit,
    })
    if o.earliest is not None:
        entry["earliest"] = o.earliest.isoformat()
    if o.required_then is not None:
        entry["required_then"] = _json_value(o.required_then)
    if o.missing:
        entry["missing_facts"] = sorted(set(o.missing))
    if o.children:
        entry["children"] = [condition_entry(k, pack, text) for k in o.children]
    return entry


def change_texts(outcomes: list[Outcome], pack: Any) -> list[dict[str, str]]:
    """What would change the outcome: wait for a date, meet a requirement, or answer a question."""
    out: list[dict[str, str]] = []
    for o in outcomes:
        if o.met is True:
            continue
        label = o.label
        if o.met is None:
            for f in dict.fromkeys(o.missing):
                out.append({"zh": f"补充信息：{question_of(f, pack, 'zh')}",
                            "en": f"Find out: {question_of(f, pack, 'en')}"})
        elif o.earliest is not None:
            out.append({"zh": f"到{fmt_value(o.earliest, None, 'zh')}（{label['zh']}）",
                        "en": f"Wait until {fmt_value(o.earliest, None, 'en')} ({label['en']})"})
        else:
            out.append({"zh": f"需要做到：{label['zh']}", "en": f"Would need: {label['en']}"})
    return out
