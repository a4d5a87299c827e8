"""What a condition sees while it is evaluated: the case, the pack, the date and the subject."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from advisor.domain.case import Case
from advisor.domain.dates import PartialDate
from advisor.rules.pack import Pack
from advisor.rules.schema import ParamRef


class Unknown(Exception):
    """A fact the evaluation needs is not known."""

    def __init__(self, *facts: str):
        super().__init__(", ".join(facts))
        self.facts = tuple(facts)


class MissingParam(Exception):
    """A parameter has no value in force on the evaluation date."""

    def __init__(self, param_id: str, on: date):
        super().__init__(f"{param_id} has no value on {on}")
        self.param_id = param_id
        self.on = on


def _income_per_capita(case: Case) -> float:
    income, size = case.family.household_monthly_income, case.family.household_size
    if income is None:
        raise Unknown("family.household_monthly_income")
    if size is None:
        raise Unknown("family.household_size")
    return round(income / size, 2)


def _spouse_local_hukou(case: Case) -> bool:
    spouse = case.family.spouse
    if spouse is None or spouse.hukou_city is None:
        raise Unknown("family.spouse.hukou_city")
    return spouse.hukou_city == case.city


def _children_count(case: Case) -> int:
    if case.family.children is None:
        raise Unknown("family.children")
    return len(case.family.children)


_MISS = object()

DERIVED: dict[str, Any] = {
    "derived.household_income_per_capita": _income_per_capita,
    "derived.spouse_local_hukou": _spouse_local_hukou,
    "derived.children_count": _children_count,
}


@dataclass
class Ctx:
    """Evaluation context; ``at(d)`` gives the same context on another date."""

    case: Case
    pack: Pack
    as_of: date
    child_index: int | None = None
    recorded_on: date | None = None  # when the case's facts were true (its as_of); None = as_of
    subject_kind: str = "applicant"  # the rule's subject: applicant, household or spouse
    used_params: set[str] = field(default_factory=set)
    scheme_totals: dict[str, Any] = field(default_factory=dict)
    span_cache: dict[Any, Any] = field(default_factory=dict)  # shared by ``at()`` copies: same household
    fact_cache: dict[Any, Any] = field(default_factory=dict)  # facts don't depend on the date either
    used_schemes: set[str] = field(default_factory=set)

    def at(self, on: date) -> Ctx:
        """The same household and subject, evaluated on another date."""
        return replace(self, as_of=on, scheme_totals={}, recorded_on=self.recorded_on or self.as_of)

    @property
    def subject(self) -> str:
        """The result-format subject string."""
        return self.subject_kind if self.child_index is None else f"child:{self.child_index}"

    def child(self) -> Any:
        """The child this evaluation is about."""
        if self.child_index is None:
            raise Unknown("family.children")
        return self.case.family.children[self.child_index]  # type: ignore[index]

    def fact(self, path: str) -> Any:
        """The value of a fact; raises Unknown when absent or null (memoised per household)."""
        key = (path, self.child_index)
        hit = self.fact_cache.get(key, _MISS)
        if hit is _MISS:
            try:
                hit = self._lookup(path)
            except Unknown as exc:
                hit = exc
            self.fact_cache[key] = hit
        if isinstance(hit, Unknown):
            raise hit.with_traceback(None)  # the same answer every time: no new exception needed
        return hit

    def _lookup(self, path: str) -> Any:
        if path in DERIVED:
            return DERIVED[path](self.case)
        head, _, rest = path.partition(".")
        if head == "case":
            obj: Any = self.case
        elif head == "child":
            obj = self.child()
        elif head == "extra":
            return self._extra(path, self.case.extra.get(rest))
        else:
            obj = getattr(self.case, head)
        parts = rest.split(".")
        for i, part in enumerate(parts):
            if obj is None:
                raise Unknown(path)
            if isinstance(obj, dict):  # a child's ``extra``
                return self._extra(path, obj.get(".".join(parts[i:])))
            obj = getattr(obj, part)
        if obj is None:
            raise Unknown(path)
        return obj

    def _extra(self, path: str, value: Any) -> Any:
        """An ``extra`` value, typed as the catalogue declares it (dates become PartialDate)."""
        if value is None:
            raise Unknown(path)
        fact = self.pack.facts.get(path)
        if fact is not None and fact.type == "date":
            if isinstance(value, PartialDate):
                return value
            try:
                return PartialDate.parse(str(value))
            except ValueError:
                raise Unknown(path) from None
        return value

    def fact_or_none(self, path: str) -> Any:
        """The value of a fact, or None when unknown."""
        try:
            return self.fact(path)
        except Unknown:
            return None

    def num(self, value: Any) -> Any:
        """A literal, or the value of a ``{param: id}`` in force on the evaluation date."""
        if isinstance(value, ParamRef):
            pv = self.pack.param_value(value.param, self.as_of)
            if pv is None:
                raise MissingParam(value.param, self.as_of)
            self.used_params.add(value.param)
            return pv.value
        return value
