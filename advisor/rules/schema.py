"""The rule-pack schema: every YAML file of a pack is validated against these models.

A pack is a folder: ``pack.yaml`` (manifest), ``facts.yaml`` (the facts catalogue) and any number
of content files holding ``sources``, ``params``, ``offices``, ``rules`` and ``schemes``; scenario
tests live under ``tests/``. Conditions and indicators come from closed vocabularies (a
discriminated union on ``type``) — an unknown type is a load error, and nothing is ever ``eval``-ed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from advisor.domain.dates import parse_date
from advisor.domain.text import LocalText

TIERS = ("primary", "secondary", "unverified")
TIER_RANK = {"primary": 0, "secondary": 1, "unverified": 2}
KINDS = (
    "residence_permit.apply", "residence_permit.endorse",
    "school.compulsory_enrollment", "school.zhongkao", "school.gaokao",
    "health.employee_insurance", "health.resident_insurance", "health.cross_province_settlement",
    "health.public_health_services", "health.insurance_transfer",
    "housing.public_rental", "housing.affordable_rental", "housing.provident_fund_rent",
    "points.hukou", "points.residence_permit", "hukou.residence_permit_conversion", "hukou.talent",
    "social_security.pension_transfer", "social_security.pension_minimum",
    "labour.wage_arrears", "labour.legal_aid",
)
CITIES = ("national", "beijing", "shanghai", "guangzhou", "shenzhen")
ID_RE = r"^[a-z0-9][a-z0-9_.\-]*$"

Id = Annotated[str, Field(pattern=ID_RE, max_length=80)]
Tier = Literal["primary", "secondary", "unverified"]
Kind = Literal[KINDS]  # type: ignore[valid-type]
City = Literal[CITIES]  # type: ignore[valid-type]


def domain_of(kind: str) -> str:
    """The interview/result domain a kind belongs to (``hukou.*`` sits with points)."""
    prefix = kind.split(".", 1)[0]
    return "points" if prefix == "hukou" else prefix


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    parse_date(value)  # raises ValueError with a clear message
    return value


def _real_date(value: str) -> str:
    try:
        parse_date(value)
    except ValueError as exc:
        raise ValueError(f"date {value} is invalid: {exc}") from None
    return value


DateStr = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]


# ----------------------------------------------------------------------------- sources, params
class Source(_M):
    """A document a rule or value rests on, with how well it was read."""

    title: str
    number: str | None = None
    article: str | None = None
    date: DateStr | None = None
    tier: Tier
    publisher: str | None = None
    url: str | None = None
    note: str | None = None

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return _check_date(value)


class SourceRef(_M):
    """A reference to a catalogued source, optionally to one article of it."""

    ref: Id
    article: str | None = None
    note: str | None = None


class ParamValue(_M):
    """One dated value of a parameter."""

    from_: DateStr = Field(alias="from")
    to: DateStr | None = None
    value: float | int | str | bool
    source: SourceRef
    note: str | None = None

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _dates(self) -> ParamValue:
        _check_date(self.from_)
        _check_date(self.to)
        if self.to and self.to < self.from_:
            raise ValueError(f"'to' {self.to} is before 'from' {self.from_}")
        return self


class Param(_M):
    """A dated parameter: the value in force on a date is used; old values stay."""

    unit: str
    description: LocalText | None = None
    values: list[ParamValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Param:
        ordered = sorted(self.values, key=lambda v: v.from_)
        for a, b in zip(ordered, ordered[1:]):
            if a.to is None or a.to >= b.from_:
                raise ValueError(f"values overlap: one from {a.from_} and one from {b.from_} "
                                 "(give the earlier a 'to' before the later 'from')")
        return self


class ParamRef(_M):
    param: str


Number = float | int | ParamRef


class Office(_M):
    """Where to go: what the office is for, and how to reach it."""

    name: LocalText
    city: City | None = None  # a city's own office: shown only for cases in that city
    purpose: LocalText | None = None
    hotline: str | None = None
    address: LocalText | None = None
    online: str | None = None
    source: SourceRef | None = None


class AskIf(_M):
    """Ask a fact only when another fact has one of some values (a follow-up question)."""

    fact: str
    values: list[str | int | bool] = Field(min_length=1)


class Fact(_M):
    """One fact of the catalogue: what it is and how the interview asks for it."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]
    type: Literal["bool", "enum", "int", "number", "date", "text", "periods", "homes", "children",
                  "tax_years", "list"]
    values: list[str | int] | None = None
    labels: dict[str, LocalText] | None = None
    unit: str | None = None
    page: Literal["needs", "applicant", "residence", "work", "family", "extra"]
    question: LocalText
    help: LocalText | None = None
    derived: bool = False
    sensitive: bool = False
    always: bool = False  # asked in every interview (names, dates of birth), not only when a rule needs it
    ask_if: AskIf | None = None


# ----------------------------------------------------------------------------- conditions
class _Cond(_M):
    id: Id | None = None
    label: LocalText | None = None


class FactEquals(_Cond):
    type: Literal["fact_equals"]
    fact: str
    value: str | int | float | bool


class FactIn(_Cond):
    type: Literal["fact_in"]
    fact: str
    values: list[str | int] = Field(min_length=1)


class AtLeast(_Cond):
    """A number at least a value. ``grows_yearly``: the recorded number rises by one each full year
    after the case was recorded (e.g. years of school record while the child stays in school)."""

    type: Literal["at_least"]
    fact: str
    value: Number
    unit: str | None = None
    grows_yearly: bool = False


class AtMost(_Cond):
    type: Literal["at_most"]
    fact: str
    value: Number
    unit: str | None = None


class DateBetween(_Cond):
    type: Literal["date_between"]
    fact: str
    on_or_after: DateStr | None = None
    on_or_before: DateStr | None = None

    @model_validator(mode="after")
    def _bounds(self) -> DateBetween:
        _check_date(self.on_or_after)
        _check_date(self.on_or_before)
        if not (self.on_or_after or self.on_or_before):
            raise ValueError("give on_or_after and/or on_or_before")
        return self


AgeAt = Literal["as_of", "next_aug_31", "end_of_year", "end_of_previous_year"]


class AgeBetween(_Cond):
    type: Literal["age_between"]
    of: Literal["subject", "applicant"] = "subject"
    min: Number | None = None
    max: Number | None = None
    under: Number | None = None  # age must be below this (e.g. a retirement age not yet reached)
    at: AgeAt = "as_of"

    @model_validator(mode="after")
    def _bounds(self) -> AgeBetween:
        if self.min is None and self.max is None and self.under is None:
            raise ValueError("give min, max and/or under")
        if self.max is not None and self.under is not None:
            raise ValueError("give max or under, not both")
        return self


PeriodSource = Literal["social_insurance", "homes", "permit", "registration", "medical_insurance",
                       "housing_fund", "marriage"]


class Where(_M):
    """Filters on the periods a duration condition counts."""

    city: Literal["local"] | str | list[str] | None = None
    scheme: list[str] | None = None
    type: list[str] | None = None
    registered_lease: bool | None = None
    district_not_in: list[str] | None = None
    district_in: list[str] | None = None


BackPaid = Literal["count", "exclude", "tolerate"]
Until = Literal["as_of", "end_of_previous_year"]


class _Duration(_Cond):
    source: PeriodSource
    where: Where = Field(default_factory=Where)
    months: Number
    # permit only: a late endorsement/renewal at most this many days after the anniversary keeps the
    # years counting (Guangdong 2010 Art. 14); later ones restart them (居住证暂行条例 Art. 10)
    late_grace_days: Annotated[int, Field(ge=1, le=366)] | None = None
    back_paid: BackPaid = "count"
    tolerate_months: Number | None = None
    until: Until = "as_of"

    @model_validator(mode="after")
    def _tolerate(self) -> _Duration:
        if (self.back_paid == "tolerate") != (self.tolerate_months is not None):
            raise ValueError("back_paid: tolerate needs tolerate_months (and only then)")
        return self


class MonthsContinuous(_Duration):
    type: Literal["months_continuous"]


class MonthsTotal(_Duration):
    type: Literal["months_total"]


class MonthsWithin(_Duration):
    type: Literal["months_within"]
    window: Number


class DateWithin(_Cond):
    """A deadline: the evaluation date is at most ``months`` after a date in the case (e.g. arbitration
    within 1 year of the job ending). Time only makes it worse, so it is never "later"."""

    type: Literal["date_within"]
    fact: str
    months: Number


class MonthsSince(_Cond):
    """At least ``months`` have passed since a date in the case (waits: gives the earliest date)."""

    type: Literal["months_since"]
    fact: str
    months: Number


class FactsEqual(_Cond):
    """Two facts hold the same value (e.g. the home's district is the employer's district)."""

    type: Literal["facts_equal"]
    fact: str
    other: str


class HasItem(_Cond):
    type: Literal["has_item"]
    source: Literal["homes", "social_insurance"]
    where: Where = Field(default_factory=Where)
    current: bool = True


class PointsAtLeast(_Cond):
    type: Literal["points_at_least"]
    scheme: str
    value: Number


class AllOf(_Cond):
    type: Literal["all"]
    conditions: list[Condition] = Field(min_length=1)


class AnyOf(_Cond):
    type: Literal["any"]
    conditions: list[Condition] = Field(min_length=1)


class NotOf(_Cond):
    type: Literal["not"]
    condition: Condition


Condition = Annotated[
    FactEquals | FactIn | FactsEqual | AtLeast | AtMost | DateBetween | DateWithin | MonthsSince | AgeBetween
    | MonthsContinuous | MonthsTotal | MonthsWithin | HasItem | PointsAtLeast | AllOf | AnyOf | NotOf,
    Field(discriminator="type"),
]
CONDITION_TYPES = ("fact_equals", "fact_in", "facts_equal", "at_least", "at_most", "date_between", "date_within",
                   "months_since", "age_between",
                   "months_continuous", "months_total", "months_within", "has_item", "points_at_least",
                   "all", "any", "not")
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


# ----------------------------------------------------------------------------- rules
class Document(_M):
    """A document to bring, optionally tied to the condition it proves."""

    zh: str
    en: str
    proves: Id | None = None


class Window(_M):
    """A yearly window: calendar months (school registration in May), or the days before each
    anniversary of a date in the case (permit endorsement in the month before it falls due)."""

    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=list)
    anniversary_of: str | None = None
    days_before: Annotated[int, Field(ge=1, le=366)] | None = None
    label: LocalText
    tier: Tier | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Window:
        if bool(self.months) == (self.anniversary_of is not None):
            raise ValueError("give either months or anniversary_of (with days_before)")
        if (self.anniversary_of is None) != (self.days_before is None):
            raise ValueError("anniversary_of and days_before go together")
        return self


class _Dated(_M):
    effective_from: DateStr
    effective_to: DateStr | None = None
    verified_on: DateStr
    sources: list[SourceRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates(self) -> _Dated:
        for v in (self.effective_from, self.effective_to, self.verified_on):
            _check_date(v)
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def in_force(self, on: date) -> bool:
        """True when the rule applies on ``on``."""
        iso = on.isoformat()
        return self.effective_from <= iso and (self.effective_to is None or iso <= self.effective_to)


class Rule(_Dated):
    """One option a family may have, with the conditions that decide it."""

    id: Id
    kind: Kind
    city: City
    subject: Literal["applicant", "household", "spouse", "each_child"] = "applicant"
    title: LocalText
    summary: LocalText | None = None
    replaces: list[Id] = Field(default_factory=list)
    applies_when: list[Condition] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    next_steps: list[LocalText] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    offices: list[Id] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    notes: list[LocalText] = Field(default_factory=list)
    tier_note: LocalText | None = None


# ----------------------------------------------------------------------------- points
class _Ind(_M):
    id: Id
    label: LocalText
    when: list[Condition] = Field(default_factory=list)
    source: SourceRef | None = None


class PerYear(_Ind):
    """Points per year of a duration (pro-rated by month or counted in full years), capped."""

    type: Literal["per_year"]
    periods: PeriodSource
    where: Where = Field(default_factory=Where)
    rate: Number
    pro_rate: Literal["month", "year"] = "year"
    cap: Number | None = None
    count_from: DateStr | None = None
    until: Until = "as_of"
    within_from_fact: str | None = None
    within_to_fact: str | None = None
    back_paid: Literal["count", "exclude"] = "count"
    cap_years_by: Id | None = None
    sign: Literal[1, -1] = 1


class TableRow(_M):
    when: list[Condition] = Field(default_factory=list)
    points: float | int
    label: LocalText | None = None


class Table(_Ind):
    type: Literal["table"]
    rows: list[TableRow] = Field(min_length=1)
    pick: Literal["first", "max"] = "first"


class AgeRow(_M):
    min: int | None = None
    max: int | None = None
    points: float | int


class AgeTable(_Ind):
    """Points by age. ``basis: full_years`` = completed years on the reference date;
    ``year_difference`` = reference year minus birth year (how some official lists count)."""

    type: Literal["age_table"]
    basis: Literal["full_years", "year_difference"] = "full_years"
    rows: list[AgeRow] = Field(min_length=1)


class PerCount(_Ind):
    type: Literal["per_count"]
    fact: str
    points_each: float | int
    cap: float | int | None = None


class FactPoints(_Ind):
    """Points the worker reads off a certificate (e.g. innovation awards), capped."""

    type: Literal["fact_points"]
    fact: str
    cap: float | int


class TaxYears(_Ind):
    """Points for years of income tax at or above an amount (each year, or over N consecutive)."""

    type: Literal["tax_years"]
    min_amount: Number
    points_per_year: float | int | None = None
    consecutive_years: int | None = None
    lump_points: float | int | None = None
    cap: float | int | None = None
    last_years: int = 3


class BestOf(_Ind):
    """Only the highest of several indicators counts (one-of choices)."""

    type: Literal["best_of"]
    indicators: list[Indicator] = Field(min_length=1)


class SumOf(_Ind):
    """Several indicators added up, with a cap on the sum (by absolute value)."""

    type: Literal["sum_of"]
    indicators: list[Indicator] = Field(min_length=1)
    cap: float | int | None = None


Indicator = Annotated[PerYear | Table | AgeTable | PerCount | FactPoints | TaxYears | BestOf | SumOf,
                      Field(discriminator="type")]
BestOf.model_rebuild()
SumOf.model_rebuild()


class Cutoff(_M):
    """A past round's published minimum score (official output; often only in secondary copies)."""

    year: int
    value: float
    settled: int | None = None
    applicants: int | None = None
    source: SourceRef


class Action(_M):
    """Something a family can do (get a residence permit, register the lease, join employee
    insurance). The engine re-evaluates the case as if it were done and ranks actions by how many
    options they open. Values may use ``$as_of`` (the date), ``$as_of_month`` and ``$city``."""

    id: Id
    city: City = "national"
    text: LocalText
    how: LocalText | None = None
    when: list[Condition] = Field(default_factory=list)
    set: dict[str, Any] = Field(min_length=1)


class Suggestion(_M):
    """A change a family might make; the engine computes what it is worth."""

    text: LocalText
    set: dict[str, Any] = Field(min_length=1)
    when: list[Condition] = Field(default_factory=list)


class Scheme(_Dated):
    """A points scheme: preconditions, indicators, threshold or cut-off history."""

    id: Id
    kind: Literal["points.hukou", "points.residence_permit", "hukou.talent"]
    city: City
    title: LocalText
    computable: bool = True
    not_computable_reason: LocalText | None = None
    to_confirm: list[LocalText] = Field(default_factory=list)
    reference: Until = "as_of"
    round_months: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=list)
    preconditions: list[Condition] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    floor: float | None = None
    threshold: Number | None = None
    threshold_label: LocalText | None = None
    cutoffs: list[Cutoff] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    next_steps: list[LocalText] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    offices: list[Id] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    notes: list[LocalText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _computable(self) -> Scheme:
        if not self.computable and self.not_computable_reason is None:
            raise ValueError("computable: false needs not_computable_reason")
        if self.computable and not self.indicators:
            raise ValueError("a computable scheme needs indicators")
        return self


# ----------------------------------------------------------------------------- files
class Manifest(_M):
    pack: Id
    version: Annotated[str, Field(pattern=r"^\d{4}\.\d{1,2}(\.\d+)?$")]
    date: DateStr
    schema_version: Literal[1]
    title: LocalText
    description: LocalText | None = None

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return _check_date(value) or value


class FactsFile(_M):
    facts: list[Fact] = Field(min_length=1)


class ContentFile(_M):
    facts: list[Fact] = Field(default_factory=list)
    sources: dict[Id, Source] = Field(default_factory=dict)
    params: dict[Annotated[str, Field(pattern=ID_RE)], Param] = Field(default_factory=dict)
    offices: dict[Id, Office] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    schemes: list[Scheme] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


class ScenarioExpectOption(_M):
    kind: Kind
    subject: str | None = None  # None: the applicant or the household (not a child)
    status: Literal["eligible", "eligible_later", "not_eligible", "needs_info", "absent"]
    eligible_from: DateStr | None = None
    rule_id: Id | None = None
    missing_facts: list[str] | None = None


class ScenarioExpectPoints(_M):
    kind: str
    scheme: Id | None = None
    missing_facts: list[str] | None = None
    status: Literal["eligible", "eligible_later", "not_eligible", "needs_info"] | None = None
    eligible_from: DateStr | None = None
    total: float | None = None
    preconditions_met: bool | None = None
    threshold: float | None = None
    computable: bool | None = None


class Scenario(_M):
    name: str
    case: dict[str, Any] | None = None
    case_file: str | None = None
    as_of: DateStr
    expect_options: list[ScenarioExpectOption] = Field(default_factory=list)
    expect_points: list[ScenarioExpectPoints] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_case(self) -> Scenario:
        if (self.case is None) == (self.case_file is None):
            raise ValueError("give exactly one of case / case_file")
        if not (self.expect_options or self.expect_points):
            raise ValueError("a scenario needs expectations")
        return self


class ScenarioFile(_M):
    scenarios: list[Scenario] = Field(min_length=1)


def is_param_ref(value: Any) -> bool:
    """True for ``{param: id}`` references."""
    return isinstance(value, ParamRef)


_FACT_PATH = re.compile(r"^(applicant|residence|work|family|child|extra|case|derived)(\.[a-z0-9_]+)+$")


def valid_fact_path(path: str) -> bool:
    """Syntax check for a fact id used by a condition."""
    return bool(_FACT_PATH.match(path))
