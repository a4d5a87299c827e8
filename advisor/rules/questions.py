"""Which questions an interview needs: the facts the rules in force read, and nothing else.

Like docassemble, the interview asks what the goal still needs: a Guangzhou school question does not
appear for a Beijing housing enquiry. ``ask_if`` in the catalogue turns a fact into a follow-up
question (the permit's date only once we know there is a permit).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.case import Case
from advisor.rules.conditions import condition_facts
from advisor.rules.context import Ctx
from advisor.rules.engine import rules_for, schemes_for
from advisor.rules.pack import Pack
from advisor.rules.periods import SOURCE_FACTS
from advisor.rules.schema import Fact

PAGES = ("needs", "applicant", "residence", "work", "family", "extra")
DERIVED_FROM = {
    "derived.household_income_per_capita": ("family.household_monthly_income", "family.household_size"),
    "derived.spouse_local_hukou": ("family.spouse.hukou_city",),
    "derived.children_count": ("family.children",),
}


def _indicator_facts(indicators: list[Any]) -> set[str]:
    out: set[str] = set()
    for ind in indicators:
        for c in ind.when:
            out |= condition_facts(c)
        for row in getattr(ind, "rows", None) or []:
            for c in getattr(row, "when", []):
                out |= condition_facts(c)
        for attr in ("fact", "within_from_fact", "within_to_fact"):
            if getattr(ind, attr, None):
                out.add(getattr(ind, attr))
        if getattr(ind, "periods", None):
            out.update(SOURCE_FACTS[ind.periods])
        if ind.type == "age_table":
            out.add("applicant.birth_date")
        if ind.type == "tax_years":
            out.add("work.income_tax_paid")
        out |= _indicator_facts(getattr(ind, "indicators", None) or [])
    return out


def referenced_facts(pack: Pack, city: str, domains: tuple[str, ...], on: date) -> set[str]:
    """Fact ids read by the rules and points schemes in force for a city and set of domains."""
    out: set[str] = set()
    for rule in rules_for(pack, city, on, domains):
        for c in list(rule.applies_when) + list(rule.conditions):
            out |= condition_facts(c)
        out |= {w.anniversary_of for w in rule.windows if w.anniversary_of}
        if rule.subject == "each_child":
            out.add("family.children")
    if "points" in domains:
        for scheme in schemes_for(pack, city, on):
            for c in scheme.preconditions:
                out |= condition_facts(c)
            out |= _indicator_facts(scheme.indicators)
            for sug in scheme.suggestions:
                for c in sug.when:
                    out |= condition_facts(c)
    for derived, deps in DERIVED_FROM.items():
        if derived in out:
            out.discard(derived)
            out.update(deps)
    return out


def interview_facts(pack: Pack, city: str, domains: tuple[str, ...], on: date) -> dict[str, list[Fact]]:
    """The facts to ask, page by page in conversation order (catalogue order within a page)."""
    needed = referenced_facts(pack, city, domains, on)
    pages: dict[str, list[Fact]] = {p: [] for p in PAGES}
    for fid, fact in pack.facts.items():
        if fact.derived:
            continue
        if fact.always or fid in needed:
            pages[fact.page].append(fact)
    return pages


def should_ask(fact: Fact, case: Case, pack: Pack) -> bool:
    """False when the fact is a follow-up whose trigger does not hold (unknown trigger → ask)."""
    if fact.ask_if is None:
        return True
    value = Ctx(case, pack, date.today()).fact_or_none(fact.ask_if.fact)
    return value is None or value in fact.ask_if.values
