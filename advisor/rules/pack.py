"""An in-memory, validated rule pack: what the engine evaluates against."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from advisor.rules.schema import (
    TIER_RANK,
    Action,
    Fact,
    Manifest,
    Office,
    Param,
    ParamValue,
    Rule,
    Scheme,
    Source,
)


class Pack(BaseModel):
    """All content of one rule pack, cross-checked, plus its content hash."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    manifest: Manifest
    sha256: str
    facts: dict[str, Fact]
    sources: dict[str, Source]
    params: dict[str, Param]
    offices: dict[str, Office]
    rules: list[Rule]
    schemes: list[Scheme]
    actions: list[Action] = Field(default_factory=list)
    origin: dict[str, str] = Field(default_factory=dict)  # rule/scheme id -> "file:line"

    def param_value(self, param_id: str, on: date) -> ParamValue | None:
        """The value of a parameter in force on a date (None if none is)."""
        iso = on.isoformat()
        best: ParamValue | None = None
        for v in self.params[param_id].values:
            if v.from_ <= iso and (v.to is None or iso <= v.to) and (best is None or v.from_ > best.from_):
                best = v
        return best

    def rule(self, rule_id: str) -> Rule | None:
        """A rule by id."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def scheme(self, scheme_id: str) -> Scheme | None:
        """A points scheme by id."""
        for s in self.schemes:
            if s.id == scheme_id:
                return s
        return None

    def source_dict(self, ref: Any) -> dict[str, Any]:
        """A result-format source entry for a SourceRef."""
        src = self.sources[ref.ref]
        return {
            "id": ref.ref,
            "title": src.title,
            "number": src.number,
            "article": ref.article or src.article,
            "date": src.date,
            "tier": src.tier,
            "publisher": src.publisher,
            "url": src.url,
            "note": ref.note or src.note,
        }

    def lowest_tier(self, refs: list[Any]) -> str:
        """The weakest tier among some source references."""
        tiers = [self.sources[r.ref].tier for r in refs] or ["unverified"]
        return max(tiers, key=TIER_RANK.__getitem__)
