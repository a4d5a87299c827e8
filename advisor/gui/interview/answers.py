"""The interview's answers: a case-file dict (what Save writes) plus the facts answered "unknown".

Fact ids map to case paths: ``case.city`` → ``city``, ``extra.x`` → ``extra["x"]``, others by their
dotted path (``applicant.hukou.province``). Answers for questions not shown (another city's, a need
unticked) are kept, so going back restores them and nothing the worker typed is lost.
"""

from __future__ import annotations

import copy
from typing import Any

CASE_FORMAT = "advisor-case/1"


def fact_path(fact_id: str) -> list[str]:
    """The keys leading to a fact in the case dict."""
    head, _, rest = fact_id.partition(".")
    if head == "case":
        return [rest]
    if head == "extra":
        return ["extra", rest]
    return fact_id.split(".")


def error_path_of(fact_id: str) -> str:
    """The dotted path validation errors use for a fact (``case.city`` → ``city``)."""
    return ".".join(fact_path(fact_id))


class Answers:
    """Mutable answers of one interview."""

    def __init__(self, data: dict[str, Any] | None = None, unknown: set[str] | None = None):
        self.data: dict[str, Any] = copy.deepcopy(data) if data else {}
        self.data["format"] = CASE_FORMAT
        self.unknown: set[str] = set(unknown or ())

    def get(self, fact_id: str) -> Any:
        """The answer (None when not answered or unknown)."""
        node: Any = self.data
        for key in fact_path(fact_id):
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    def set(self, fact_id: str, value: Any) -> None:
        """Record an answer (None clears it)."""
        keys = fact_path(fact_id)
        node = self.data
        for key in keys[:-1]:
            child = node.get(key)
            if not isinstance(child, dict):
                if value is None:
                    return
                child = node[key] = {}
            node = child
        if value is None:
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = copy.deepcopy(value)

    def set_unknown(self, fact_id: str, unknown: bool) -> None:
        """Mark a fact as answered "unknown" (its value is cleared)."""
        if unknown:
            self.unknown.add(fact_id)
            self.set(fact_id, None)
        else:
            self.unknown.discard(fact_id)

    @property
    def city(self) -> str | None:
        """The chosen city id."""
        return self.data.get("city")

    def payload(self, page: int = 0) -> dict[str, Any]:
        """What an autosaved draft holds."""
        return {"format": "advisor-draft/1", "answers": copy.deepcopy(self.data),
                "unknown": sorted(self.unknown), "page": page}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> tuple[Answers, int]:
        """Answers (and the page) back from a draft."""
        return cls(payload.get("answers") or {}, set(payload.get("unknown") or ())), int(payload.get("page") or 0)
