"""A readable PDF of one person's stored data — the "copy of my data" of PIPL Art. 45.

``export`` is a dict of sections → fields/values with any nesting of dicts, lists and scalars.
The same fonts, escaping, sandboxed template and atomic write as the guidance letter.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.letters.atomic import write_atomic
from advisor.letters.builder import DocMeta, Footer, build_pdf, parse
from advisor.letters.environment import LANGS, Strings, render
from advisor.letters.escape import to_markup
from advisor.rules.wording import fmt_number

EXPORT_TEMPLATE = "export.xml.j2"
MAX_DEPTH = 3  # indentation levels; deeper values are still printed, at the deepest indent
_MAX_NESTING = 64


def _scalar(value: Any, t: Strings) -> str:
    if value is None or value == "":
        return t("export.empty")
    if isinstance(value, bool):
        return t("export.yes") if value else t("export.no")
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _rows(export: dict[str, Any], t: Strings) -> list[dict[str, Any]]:
    """Sections, groups and fields in order, each with an indent level."""
    rows: list[dict[str, Any]] = []

    def empty(level: int) -> dict[str, Any]:
        return {"kind": "field", "level": min(level, MAX_DEPTH), "key": "", "value": t("export.empty")}

    def walk(key: str, value: Any, level: int, depth: int) -> None:
        lvl = min(level, MAX_DEPTH)
        if depth > _MAX_NESTING:
            rows.append({"kind": "field", "level": lvl, "key": key, "value": "…"})
            return
        if isinstance(value, dict):
            rows.append({"kind": "group", "level": lvl, "key": key})
            if not value:
                rows.append(empty(level + 1))
            for k, v in value.items():
                walk(str(k), v, level + 1, depth + 1)
        elif isinstance(value, list | tuple):
            rows.append({"kind": "group", "level": lvl, "key": key})
            if not value:
                rows.append(empty(level + 1))
            for i, v in enumerate(value, 1):
                walk(f"{i}", v, level + 1, depth + 1)
        else:
            rows.append({"kind": "field", "level": lvl, "key": key, "value": _scalar(value, t)})

    for section, content in export.items():
        rows.append({"kind": "section", "level": 0, "key": str(section)})
        if isinstance(content, dict | list | tuple):
            items = content.items() if isinstance(content, dict) else ((str(i), v) for i, v in enumerate(content, 1))
            if not content:
                rows.append(empty(0))
            for k, v in items:
                walk(str(k), v, 0, 1)
        else:
            walk("", content, 0, 1)
    return rows


def render_export_bytes(export: dict[str, Any], lang: str = "zh") -> tuple[bytes, int]:
    """The export as PDF bytes and its page count."""
    if lang not in LANGS:
        raise ValueError(f"不支持的语言 / unsupported language: {lang!r} (zh or en)")
    if not isinstance(export, dict):
        raise TypeError("export must be a dict of sections")
    t = Strings(lang)
    markup = render(EXPORT_TEMPLATE, {"t": t, "rows": _rows(export, t)})
    footer = Footer(left=to_markup(t("export.footer", app=__version__)),
                    page_label=lambda page, pages: to_markup(t("export.page", page=page, pages=pages)))
    meta = DocMeta(title=t("export.title"), lang="zh-CN" if lang == "zh" else "en")
    return build_pdf(parse(markup), footer, meta)


def build_export_pdf(export: dict[str, Any], out_path: Path, lang: str = "zh") -> Path:
    """Write the export PDF all-or-nothing; return its path."""
    pdf, _pages = render_export_bytes(export, lang)
    return write_atomic(out_path, pdf)
