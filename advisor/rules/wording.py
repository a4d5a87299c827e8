"""Plain words for values, units, cities and statuses (Chinese first, English mirrors it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.dates import PartialDate, format_date, format_months

CITY_NAMES = {
    "beijing": ("北京", "Beijing"), "shanghai": ("上海", "Shanghai"),
    "guangzhou": ("广州", "Guangzhou"), "shenzhen": ("深圳", "Shenzhen"),
    "other": ("外地", "elsewhere"), "hometown": ("户籍地", "the hometown"), "national": ("全国", "national"),
}
STATUS_WORDS = {
    "eligible": ("可办理", "can apply now"),
    "eligible_later": ("某日起可办理", "can apply later"),
    "not_eligible": ("暂不符合", "not eligible for now"),
    "needs_info": ("需补充信息", "more information needed"),
}
STATUS_BADGES = {"eligible": "●", "eligible_later": "◐", "not_eligible": "○", "needs_info": "?"}
DOMAIN_NAMES = {
    "residence_permit": ("居住证", "Residence permit"),
    "school": ("子女入学", "School"),
    "health": ("医疗保障", "Health"),
    "housing": ("住房", "Housing"),
    "points": ("积分与落户", "Points and hukou"),
    "social_security": ("社会保险", "Social security"),
    "labour": ("劳动权益", "Labour rights"),
}
TIER_WORDS = {
    "primary": ("官方原文", "official text"),
    "secondary": ("第三方", "third-party"),
    "unverified": ("待核实", "unverified"),
}
CONFIRM = ("请向经办部门核实", "please confirm with the office")


def city_name(city: str, lang: str) -> str:
    """A city id in words."""
    zh, en = CITY_NAMES.get(city, (city, city))
    return en if lang == "en" else zh


def pick(pair: tuple[str, str], lang: str) -> str:
    """One side of a (zh, en) pair."""
    return pair[1] if lang == "en" else pair[0]


def fmt_number(x: Any) -> str:
    """A number without a pointless ``.0``."""
    if isinstance(x, float):
        return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
    return str(x)


def fmt_value(value: Any, unit: str | None, lang: str, labels: dict[str, Any] | None = None) -> str:
    """A value with its unit, in words a family understands."""
    if value is None:
        return "不清楚" if lang == "zh" else "unknown"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, PartialDate):
        return format_date(value.start(), lang, "month" if value.month_precision else "day")
    if unit == "month" and isinstance(value, int | float):
        return format_months(value, lang)
    if isinstance(value, list):
        return "、".join(fmt_value(v, unit, lang, labels) for v in value) if lang == "zh" else \
            ", ".join(fmt_value(v, unit, lang, labels) for v in value)
    if labels and str(value) in labels:
        lab = labels[str(value)]
        return lab.en if lang == "en" else lab.zh
    n = fmt_number(value) if isinstance(value, int | float) else str(value)
    units = {
        "year": ("年", " years"), "age": ("岁", " years old"), "yuan": ("元", " yuan"),
        "yuan_month": ("元/月", " yuan/month"), "m2": ("平方米", " m²"), "points": ("分", " points"),
        "person": ("人", " people"), "percent": ("%", "%"), "day": ("天", " days"),
    }
    if unit in units:
        return n + (units[unit][1] if lang == "en" else units[unit][0])
    return n
