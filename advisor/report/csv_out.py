"""The report's tables as one CSV file (UTF-8 with BOM, so Excel reads the Chinese).

One row per figure — ``section, scope, item, label_zh, label_en, rule, rule_title_zh, rule_title_en,
measure, value`` — so a spreadsheet can filter and pivot it. Suppressed figures are ``*``. Text that
a spreadsheet would take for a formula (``= + - @`` first) gets a leading apostrophe. The file is
written all-or-nothing (``advisor.letters.atomic``). Only a :class:`CentreReport` goes in: nothing
here can print a count the report withheld.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from advisor.letters.atomic import write_atomic
from advisor.report.model import CentreReport, Count
from advisor.report.wording import KIND_NAMES, STATUS_ORDER, SUPPRESSED, city_label
from advisor.rules.wording import DOMAIN_NAMES

COLUMNS = ["section", "scope", "item", "label_zh", "label_en", "rule", "rule_title_zh", "rule_title_en", "measure",
           "value"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _num(count: Count) -> str:
    return SUPPRESSED if count.value is None else str(count.value)


def _pct(count: Count) -> str:
    return SUPPRESSED if count.share is None else f"{count.share * 100:.1f}"


def rows(report: CentreReport) -> list[list[str]]:
    """Every figure of the report as CSV rows (without the header)."""
    out: list[list[str]] = []

    def add(section: str, scope: str, item: str, label: dict[str, str] | tuple[str, str] | None, measure: str,
            value: str, rule: str = "", title: dict[str, str] | None = None) -> None:
        zh, en = (label["zh"], label["en"]) if isinstance(label, dict) else (label or ("", ""))
        out.append([_text(section), _text(scope), _text(item), _text(zh), _text(en), _text(rule),
                    _text(title["zh"] if title else ""), _text(title["en"] if title else ""), _text(measure),
                    _text(value)])

    f = report.filters
    meta = [("date_from", f.date_from.isoformat() if f.date_from else ""),
            ("date_to", f.date_to.isoformat() if f.date_to else ""), ("city", f.city or ""),
            ("district", f.district or ""), ("generated", report.generated_on.isoformat()),
            ("app_version", report.app_version), ("suppression_threshold", str(report.threshold))]
    for measure, value in meta:
        add("report", "", "", None, measure, value)
    for use in report.packs:
        name = f"{use.ref.pack} {use.ref.version} ({use.ref.date})"
        add("rule_packs", "all", use.ref.sha256, (name, name), "families", _num(use.families))
    for scope in report.scopes:
        add("served", scope, "", (city_label(scope, "zh"), city_label(scope, "en")), "families",
            _num(report.served[scope]))
    for measure, count in (("out_of_scope", report.out_of_scope), ("left_out_consent_withdrawn", report.withdrawn),
                           ("left_out_unreadable", report.unreadable)):
        add("served", "all", "", None, measure, _num(count))
    for row in report.demand:
        label = DOMAIN_NAMES.get(row.domain, (row.domain, row.domain))
        for scope in report.scopes:
            add("demand", scope, row.domain, label, "families", _num(row.cells[scope]))
            add("demand", scope, row.domain, label, "share_of_served_pct", _pct(row.cells[scope]))
    for scope in report.scopes:
        for srow in report.supply.get(scope, ()):
            label = KIND_NAMES.get(srow.kind, (srow.kind, srow.kind))
            add("supply", scope, srow.kind, label, "assessed", _num(srow.assessed))
            for status in STATUS_ORDER:
                add("supply", scope, srow.kind, label, status, _num(srow.statuses[status]))
                add("supply", scope, srow.kind, label, f"{status}_pct", _pct(srow.statuses[status]))
    for scope in report.scopes:
        for rank, b in enumerate(report.blockers.get(scope, ()), 1):
            item = f"{b.owner}/{b.condition}"
            add("blockers", scope, item, b.label, "rank", str(rank), b.owner, b.owner_title)
            add("blockers", scope, item, b.label, "families_stopped", _num(b.families), b.owner, b.owner_title)
            median = f"{b.median_months:g}" if b.median_months is not None else (
                SUPPRESSED if b.months == "suppressed" else "")
            add("blockers", scope, item, b.label, "median_months_still_needed", median, b.owner, b.owner_title)
        add("blockers", scope, "", None, "conditions_not_listed", str(report.blockers_hidden.get(scope, 0)))
    for scope in report.scopes:
        for rank, fr in enumerate(report.unknown_facts.get(scope, ()), 1):
            add("unknown_facts", scope, fr.fact, fr.label, "rank", str(rank))
            add("unknown_facts", scope, fr.fact, fr.label, "families", _num(fr.families))
        add("unknown_facts", scope, "", None, "facts_not_listed", str(report.facts_hidden.get(scope, 0)))
    return out


def csv_bytes(report: CentreReport) -> bytes:
    """The CSV file's bytes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buf.getvalue().encode("utf-8-sig")


def write_csv(report: CentreReport, path: str | Path) -> Path:
    """Write the CSV all-or-nothing; return its path."""
    return write_atomic(path, csv_bytes(report))
