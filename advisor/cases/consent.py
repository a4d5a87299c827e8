"""Which consents a case needs before it may be saved (PIPL Art. 14, 28-31; reliability.md C35).

``general`` always; a *separate* consent for each sensitive category present in the case (ID number,
health, criminal record — the facts the catalogue marks ``sensitive: true``); and a guardian's
consent, with the guardian's name and relation, when anyone in the case is (or may be) under 14.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from advisor.cases.errors import InvalidInput
from advisor.domain.case import Case
from advisor.domain.dates import PartialDate

SCOPES = ("general", "id_number", "health", "criminal", "guardian")
SUBJECTS = ("applicant", "children")
# Case-file fields holding sensitive personal information → the consent scope that covers them.
# tests/cases/test_consent.py checks every `sensitive: true` fact of the catalogue is listed here.
SENSITIVE_FIELDS = {
    "applicant.id_number": "id_number",
    "family.pregnant": "health",
    "applicant.criminal_record": "criminal",
    "applicant.detentions_last_5y": "criminal",
}
GUARDIAN_AGE = 14
MAX_GUARDIAN_TEXT = 100


@dataclass(frozen=True)
class Consent:
    """A consent the worker has just obtained (input to ``save_case`` / ``record_consent``)."""

    scope: str
    notice_version: str
    lang: str = "zh"
    subject: str = "applicant"
    guardian_name: str | None = None
    guardian_relation: str | None = None

    def validate(self) -> None:
        """Raise InvalidInput when the record is incomplete."""
        if self.scope not in SCOPES:
            raise InvalidInput(f"未知的同意范围：{self.scope}", f"unknown consent scope: {self.scope}")
        if self.subject not in SUBJECTS:
            raise InvalidInput(f"未知的同意对象：{self.subject}", f"unknown consent subject: {self.subject}")
        if self.lang not in ("zh", "en"):
            raise InvalidInput("同意书语言应为 zh 或 en", "notice language must be zh or en")
        if not self.notice_version or len(self.notice_version) > 20:
            raise InvalidInput("缺少隐私告知书版本", "the privacy-notice version is missing")
        if self.scope == "guardian":
            for value, zh, en in ((self.guardian_name, "监护人姓名", "guardian name"),
                                  (self.guardian_relation, "监护人与未成年人的关系", "guardian relation")):
                if not value or not value.strip():
                    raise InvalidInput(f"监护人同意需要填写{zh}", f"a guardian consent needs the {en}")
                if len(value) > MAX_GUARDIAN_TEXT:
                    raise InvalidInput(f"{zh}太长（最多 {MAX_GUARDIAN_TEXT} 个字符）",
                                       f"{en} too long (at most {MAX_GUARDIAN_TEXT} characters)")

    def guardian(self) -> dict[str, str] | None:
        """The guardian details to encrypt, if any."""
        if self.scope != "guardian":
            return None
        return {"name": (self.guardian_name or "").strip(), "relation": (self.guardian_relation or "").strip()}


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def may_be_under(born: PartialDate | None, years: int, today: date) -> bool:
    """Whether someone born on ``born`` may be younger than ``years`` today (unknown → yes)."""
    if born is None:
        return True
    latest = born.end()  # month precision: the last day of the month is the youngest possibility
    try:
        birthday = latest.replace(year=latest.year + years)
    except ValueError:  # 29 February
        birthday = latest.replace(year=latest.year + years, day=28)
    return today < birthday


def minors_under_14(case: Case, today: date) -> list[str]:
    """Who in the case is (or may be) under 14: ``applicant`` and/or ``child:N``."""
    out = []
    if case.applicant.birth_date is not None and may_be_under(case.applicant.birth_date, GUARDIAN_AGE, today):
        out.append("applicant")
    for i, child in enumerate(case.family.children or []):
        if may_be_under(child.birth_date, GUARDIAN_AGE, today):
            out.append(f"child:{i}")
    return out


def required_scopes(case: Case, data: dict[str, Any], today: date) -> list[str]:
    """The consent scopes this case needs, in a fixed order."""
    needed = {"general"}
    for path, scope in SENSITIVE_FIELDS.items():
        if _get(data, path) is not None:
            needed.add(scope)
    if minors_under_14(case, today):
        needed.add("guardian")
    return [s for s in SCOPES if s in needed]
