"""The case file (``advisor-case/1``): one household's facts, strictly validated.

Absent or ``null`` means *unknown*, never false. Unknown keys are errors everywhere except under
``extra`` (scheme-specific facts a rule pack declares). Fields this project added to the v1 format
are marked "extension" and documented in the README's format section.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from advisor.domain.dates import PartialDate, months_between
from advisor.domain.idnumber import IdNumberError, birth_date_of, validate_id_number

CASE_FORMAT = "advisor-case/1"
CITY_IDS = ("beijing", "shanghai", "guangzhou", "shenzhen")
DOMAINS = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")


def _parse_partial(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date string", {
            "zh": "应为日期文本 YYYY-MM 或 YYYY-MM-DD", "en": "expected a date YYYY-MM or YYYY-MM-DD"})
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise PydanticCustomError("date_invalid", "invalid date {value}: {reason}", {
            "value": value, "reason": str(exc),
            "zh": f"日期无效：{value}（{_zh_date_reason(str(exc))}）",
            "en": f"invalid date {value}: {exc}"}) from None


def _zh_date_reason(reason: str) -> str:
    if reason.startswith("expected"):
        return "格式应为 YYYY-MM 或 YYYY-MM-DD"
    if reason.startswith("month"):
        return "月份不存在"
    if reason.startswith("day"):
        return "该月没有这一天"
    if reason.startswith("year"):
        return "年份超出范围"
    return reason


DateLike = Annotated[PartialDate, BeforeValidator(_parse_partial), PlainSerializer(str, return_type=str)]
City = Literal["beijing", "shanghai", "guangzhou", "shenzhen", "other"]
CityOrHometown = Literal["beijing", "shanghai", "guangzhou", "shenzhen", "other", "hometown"]
Name = Annotated[str, Field(min_length=1, max_length=100)]
ShortText = Annotated[str, Field(max_length=100)]
NonNeg = Annotated[int, Field(ge=0)]
Money = Annotated[float, Field(ge=0, le=1e9)]


ExtraValue = str | int | float | bool | None | list[str | int | float | bool]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False)


class Hukou(_Strict):
    """Where the applicant's household registration is."""

    province: ShortText | None = None
    type: Literal["rural", "urban"] | None = None
    city: City | None = None  # extension: city id of the hukou, when it is one of ours


class Education(_Strict):
    level: Literal["none", "primary", "junior_high", "senior_high", "secondary_vocational",
                   "college", "bachelor", "master", "doctorate"] | None = None
    degree: bool | None = None
    full_time: bool | None = None
    study_start: DateLike | None = None
    study_end: DateLike | None = None
    study_city: City | None = None

    @model_validator(mode="after")
    def _study_order(self) -> Education:
        if self.study_start and self.study_end and self.study_end.end() < self.study_start.start():
            raise PydanticCustomError("period_order", "study_end is before study_start", {
                "zh": "毕业时间早于入学时间", "en": "study_end is before study_start"})
        return self


class Applicant(_Strict):
    name: Name | None = None
    birth_date: DateLike | None = None
    sex: Literal["male", "female"] | None = None
    retirement_category: Literal["worker", "cadre"] | None = None
    id_number: str | None = None
    hukou: Hukou | None = None
    education: Education | None = None
    skill_level: Annotated[int, Field(ge=1, le=5)] | None = None
    professional_title: Literal["junior", "intermediate", "senior"] | None = None
    criminal_record: bool | None = None
    detentions_last_5y: NonNeg | None = None
    tax_violations: NonNeg | None = None
    honours: Literal["none", "municipal", "provincial", "national"] | None = None

    @field_validator("id_number")
    @classmethod
    def _check_id(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return validate_id_number(value)
        except IdNumberError as exc:
            raise PydanticCustomError("id_number", "{en}", {"zh": exc.zh, "en": exc.en}) from None

    @model_validator(mode="after")
    def _id_matches_birth(self) -> Applicant:
        if self.id_number and self.birth_date:
            born = birth_date_of(self.id_number)
            if (born.year, born.month) != (self.birth_date.year, self.birth_date.month) or (
                self.birth_date.day is not None and self.birth_date.day != born.day
            ):
                raise PydanticCustomError("id_birth_mismatch", "birth_date does not match the ID number", {
                    "zh": "出生日期与身份证号中的出生日期不一致",
                    "en": "birth_date does not match the birth date in the ID number"})
        if self.birth_date and self.birth_date.start() > date.today():
            raise PydanticCustomError("future_birth", "birth_date is in the future", {
                "zh": "出生日期晚于今天", "en": "birth_date is in the future"})
        return self


class Permit(_Strict):
    held: bool | None = None
    since: DateLike | None = None
    endorsed_on_time: bool | None = None
    late_endorsement_on: DateLike | None = None  # extension: date of the last late endorsement


class Home(_Strict):
    type: Literal["owned", "rented", "employer_dorm", "informal", "with_relatives"] | None = None
    start: DateLike | None = None
    end: DateLike | None = None
    registered_lease: bool | None = None
    district: ShortText | None = None

    @model_validator(mode="after")
    def _order(self) -> Home:
        _check_period(self.start, self.end)
        return self


class Residence(_Strict):
    registered_since: DateLike | None = None
    permit: Permit | None = None
    homes: list[Home] | None = Field(default=None, max_length=50)
    owns_home_in_city: bool | None = None
    per_capita_floor_area_m2: Annotated[float, Field(ge=0, le=10000)] | None = None


class InsurancePeriod(_Strict):
    start: DateLike | None = None
    end: DateLike | None = None
    city: City | None = None
    scheme: Literal["employee", "flexible"] | None = None
    back_paid_months: NonNeg | None = None

    @model_validator(mode="after")
    def _order(self) -> InsurancePeriod:
        _check_period(self.start, self.end)
        if self.start and self.back_paid_months:
            end = self.end.end_exclusive() if self.end else None
            if end is not None and self.back_paid_months > months_between(self.start.start(), end):
                raise PydanticCustomError("back_paid", "back_paid_months exceeds the period", {
                    "zh": "补缴月数超过了这段缴费的总月数",
                    "en": "back_paid_months is longer than the period itself"})
        return self


class MedicalInsurance(_Strict):
    scheme: Literal["employee", "resident", "none"] | None = None
    city: CityOrHometown | None = None
    since: DateLike | None = None


class HousingFund(_Strict):
    contributing: bool | None = None
    since: DateLike | None = None


class TaxYear(_Strict):
    year: Annotated[int, Field(ge=1990, le=2200)]
    amount: Money


class WageArrears(_Strict):
    owed: bool | None = None
    amount: Money | None = None
    since: DateLike | None = None
    still_employed: bool | None = None
    left_job_on: DateLike | None = None  # extension: when the job ended, if it has


class Work(_Strict):
    status: Literal["employed", "self_employed", "flexible", "unemployed", "student", "retired"] | None = None
    labour_contract: bool | None = None
    employer_district: ShortText | None = None
    social_insurance: list[InsurancePeriod] | None = Field(default=None, max_length=100)
    contribution_base_ratio: Annotated[float, Field(ge=0, le=20)] | None = None
    medical_insurance: MedicalInsurance | None = None
    housing_fund: HousingFund | None = None
    monthly_income: Money | None = None
    income_tax_paid: list[TaxYear] | None = Field(default=None, max_length=80)
    wage_arrears: WageArrears | None = None
    construction_site: bool | None = None  # extension: works on a construction project


class Spouse(_Strict):
    hukou_city: City | None = None
    married_since: DateLike | None = None
    in_city: bool | None = None


class Child(_Strict):
    name: Name | None = None
    birth_date: DateLike | None = None
    in_city: bool | None = None
    hukou_city: City | None = None
    school_stage: Literal["none", "kindergarten", "primary", "junior_middle", "senior_high",
                          "vocational"] | None = None
    school_record_years_in_city: Annotated[int, Field(ge=0, le=20)] | None = None
    extra: dict[Annotated[str, Field(max_length=64)], ExtraValue] = Field(default_factory=dict)  # extension

    @model_validator(mode="after")
    def _born(self) -> Child:
        if self.birth_date and self.birth_date.start() > date.today():
            raise PydanticCustomError("future_birth", "birth_date is in the future", {
                "zh": "出生日期晚于今天", "en": "birth_date is in the future"})
        return self


class Family(_Strict):
    spouse: Spouse | None = None
    children: list[Child] | None = Field(default=None, max_length=20)
    household_size: Annotated[int, Field(ge=1, le=30)] | None = None
    household_monthly_income: Money | None = None
    pregnant: bool | None = None


class Case(_Strict):
    """One household, as in ``docs/case-format.md`` version 1."""

    format: Literal["advisor-case/1"]
    city: City
    district: ShortText | None = None
    as_of: DateLike | None = None
    needs: list[Literal["residence_permit", "school", "health", "housing", "points",
                        "social_security", "labour"]] | None = None
    applicant: Applicant = Field(default_factory=Applicant)
    residence: Residence = Field(default_factory=Residence)
    work: Work = Field(default_factory=Work)
    family: Family = Field(default_factory=Family)
    extra: dict[Annotated[str, Field(max_length=64)], ExtraValue] = Field(default_factory=dict)
    notes: Annotated[str, Field(max_length=20000)] | None = None  # extension: worker's free-text note

    @field_validator("as_of")
    @classmethod
    def _as_of_full(cls, value: PartialDate | None) -> PartialDate | None:
        if value is not None and value.day is None:
            raise PydanticCustomError("as_of_day", "as_of needs a full date", {
                "zh": "评估日期需要精确到日 YYYY-MM-DD", "en": "as_of needs a full date YYYY-MM-DD"})
        return value

    def domains(self) -> tuple[str, ...]:
        """The domains the family asked about (all when not said)."""
        return tuple(self.needs) if self.needs else DOMAINS


def _check_period(start: PartialDate | None, end: PartialDate | None) -> None:
    if start and end and end.end() < start.start():
        raise PydanticCustomError("period_order", "end is before start", {
            "zh": "结束时间早于开始时间", "en": "end is before start"})
