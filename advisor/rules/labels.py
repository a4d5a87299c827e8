"""Generic labels of conditions: what a condition asks for, without any family's numbers.

A result's condition ``text`` is a sentence about one family ("…。目前：3年；要求：7年。"). Reports
that count families by the condition that stopped them need the condition itself: the ``label`` the
rule pack gives it, or — for a condition without one — the words the engine generates for it
(``conditions._duration_label`` and friends), built here on an empty household so that only the
pack's own values (months, ages, the city) appear in them.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.case import Case
from advisor.rules.conditions import evaluate as eval_condition
from advisor.rules.context import Ctx
from advisor.rules.pack import Pack
from advisor.rules.wording import city_name

# The household a label is built on: facts the label needs (a birth date for age limits) are known,
# nothing else; the dates are arbitrary and never reach the words.
_LABEL_BIRTH = "1990-01"
_CHILD_BIRTH = "2015-01"
_THE_CITY = ("本市", "the city")
_FACT_TYPES = ("fact_equals", "fact_in", "facts_equal", "at_least", "at_most", "date_between", "date_within",
               "months_since")


def owner_conditions(pack: Pack, owner_id: str) -> tuple[Any, list[Any]] | None:
    """A rule's or points scheme's top-level conditions (its conditions, then ``applies_when``;
    a scheme's preconditions), with the rule or scheme; None if the pack has no such id."""
    rule = pack.rule(owner_id)
    if rule is not None:
        return rule, [*rule.conditions, *rule.applies_when]
    scheme = pack.scheme(owner_id)
    if scheme is not None:
        return scheme, list(scheme.preconditions)
    return None


def find_condition(pack: Pack, owner_id: str, condition_id: str) -> Any | None:
    """The top-level condition a result entry names (``id``, or the type when it has no id)."""
    found = owner_conditions(pack, owner_id)
    if found is None:
        return None
    for cond in found[1]:
        if (cond.id or cond.type) == condition_id:
            return cond
    return None


def _label_case(city: str) -> Case:
    return Case.model_validate({
        "format": "advisor-case/1", "city": city,
        "applicant": {"birth_date": _LABEL_BIRTH},
        "family": {"children": [{"birth_date": _CHILD_BIRTH}]},
    })


def _local(cond: Any) -> bool:
    """True when the words name the case's own city (a ``where: {city: local}`` duration)."""
    where = getattr(cond, "where", None)
    return where is not None and where.city == "local"


def condition_label(pack: Pack, owner_id: str, condition_id: str, *, city: str | None = None,
                    on: date | None = None) -> dict[str, str]:
    """The generic ``{zh, en}`` label of a rule's (or scheme's) top-level condition.

    ``city``: the city the words are for — a national rule's "local social insurance" names it;
    with None such a condition says "本市 / the city". ``on``: the date whose parameter values
    (required months, ages) the words use (default: the rule's own start date). Unknown ids give the
    ids themselves, so a report never fails on a label.
    """
    found = owner_conditions(pack, owner_id)
    cond = find_condition(pack, owner_id, condition_id)
    if found is None or cond is None:
        return {"zh": condition_id, "en": condition_id}
    if cond.label is not None:
        return {"zh": cond.label.zh, "en": cond.label.en}
    owner = found[0]
    own_city = owner.city if owner.city != "national" else None
    word_city = city or own_city or "beijing"
    when = on or date.fromisoformat(owner.effective_from)
    child = 0 if getattr(owner, "subject", None) == "each_child" else None
    label = eval_condition(cond, Ctx(_label_case(word_city), pack, when, child_index=child)).label
    zh, en = label.get("zh") or "", label.get("en") or ""
    if not zh or zh == cond.type or (cond.type in _FACT_TYPES and zh == getattr(cond, "fact", None)):
        return _fact_label(pack, cond, condition_id)
    if city is None and own_city is None and _local(cond):
        zh = zh.replace(city_name(word_city, "zh"), _THE_CITY[0])
        en = en.replace(city_name(word_city, "en"), _THE_CITY[1])
    return {"zh": zh, "en": en}


def _fact_label(pack: Pack, cond: Any, condition_id: str) -> dict[str, str]:
    """A condition on one fact, without a label: the interview question for that fact."""
    fact = pack.facts.get(getattr(cond, "fact", "") or "")
    if fact is not None:
        return {"zh": fact.question.zh, "en": fact.question.en}
    return {"zh": condition_id, "en": condition_id}


def fact_label(pack: Pack, fact_id: str) -> dict[str, str]:
    """The interview question for a fact (what a worker left unknown), or the fact id."""
    fact = pack.facts.get(fact_id)
    if fact is None:
        return {"zh": fact_id, "en": fact_id}
    return {"zh": fact.question.zh, "en": fact.question.en}
