"""The result format ``advisor-result/1`` as a schema, to check what the engine returns.

Core fields are exactly those of docs/case-format.md; extensions (documented in the README) are
allowed alongside them, never instead of them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Tier = Literal["primary", "secondary", "unverified"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    zh: str
    en: str


class RulesRef(_Open):
    pack: str
    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ConditionOut(_Open):
    id: str
    text: Text
    met: bool | None
    actual: Any = None
    required: Any = None
    unit: str | None = None


class OfficeOut(_Open):
    name: Text
    hotline: str | None = None


class SourceOut(_Open):
    title: str
    number: str | None = None
    article: str | None = None
    date: str | None = None
    tier: Tier


class OptionOut(_Open):
    kind: str
    subject: str = Field(pattern=r"^(applicant|spouse|household|child:\d+)$")
    rule_id: str
    title: Text
    status: Literal["eligible", "eligible_later", "not_eligible", "needs_info"]
    eligible_from: str | None = None
    conditions: list[ConditionOut]
    missing_facts: list[str]
    next_steps: list[Text]
    documents: list[Text | dict[str, Any]]
    offices: list[OfficeOut]
    sources: list[SourceOut] = Field(min_length=1)
    verified_on: str


class BreakdownOut(_Open):
    indicator: str
    points: float | int
    detail: Text


class ThresholdOut(_Open):
    value: float | int
    year: int | None = None
    tier: Tier


class ProjectionOut(_Open):
    year: int
    total: float | int | None


class SuggestionOut(_Open):
    text: Text
    points: float | int


class PointsOut(_Open):
    kind: str
    scheme: str
    preconditions_met: bool | None
    total: float | int | None
    breakdown: list[BreakdownOut]
    threshold: ThresholdOut | None
    gap: float | int | None
    projection: list[ProjectionOut]
    suggestions: list[SuggestionOut]


class ResultOut(_Open):
    format: Literal["advisor-result/1"]
    city: str
    as_of: str
    rules: RulesRef
    options: list[OptionOut]
    points: list[PointsOut]


def validate_result(result: dict[str, Any]) -> ResultOut:
    """Raise pydantic.ValidationError if a result does not follow the format."""
    return ResultOut.model_validate(result)
