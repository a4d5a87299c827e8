"""The guidance letter: case + engine result → view-model → sandboxed template → PDF.

``build_letter`` writes the PDF atomically; ``render_letter_bytes`` returns it (for a preview).
The same case, result (rule pack and as-of date) and options give byte-identical PDFs.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.domain.case import Case
from advisor.letters.atomic import write_atomic
from advisor.letters.builder import STATUS_COLOURS, DocMeta, Footer, build_pdf, parse
from advisor.letters.centre import Centre, as_centre
from advisor.letters.environment import LANGS, Strings, render
from advisor.letters.escape import to_markup
from advisor.letters.fonts import check_glyphs, describe_missing
from advisor.letters.letter_model import LetterInput, build_view
from advisor.rules.wording import STATUS_BADGES

log = logging.getLogger(__name__)
LETTER_TEMPLATE = "letter.xml.j2"
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class LetterReport:
    """What was built: where, how many pages, which characters no font has, the PDF's SHA-256."""

    path: Path | None
    pages: int
    missing_chars: list[str] = field(default_factory=list)
    sha256: str = ""


def _as_case(case: Case | dict[str, Any]) -> Case:
    if isinstance(case, Case):
        return case
    from advisor.domain.validation import parse_case

    return parse_case(case)


def markup_text(markup: str) -> str:
    """The visible text of letter markup (for the glyph check)."""
    return html.unescape(_TAG.sub("", markup))


def _render(case: Case | dict[str, Any], result: dict[str, Any], lang: str,
            centre: Centre | dict[str, Any] | str | Path | None,
            include: Iterable[tuple[str, str]] | None, note: str | None) -> tuple[bytes, int, list[str]]:
    if lang not in LANGS:
        raise ValueError(f"不支持的语言 / unsupported language: {lang!r} (zh or en)")
    inp = LetterInput(
        case=_as_case(case), result=result, lang=lang, centre=as_centre(centre),
        include=frozenset((str(a), str(b)) for a, b in include) if include is not None else None, note=note,
    )
    view = build_view(inp)
    t = Strings(lang)
    markup = render(LETTER_TEMPLATE, {
        **view, "t": t, "badges": STATUS_BADGES,
        "colour": {k: v.hexval().replace("0x", "#") for k, v in STATUS_COLOURS.items()},
    })
    missing = check_glyphs(markup_text(markup))
    if missing:
        log.warning(describe_missing(missing, "en"))
    prov = view["provenance"]
    footer = Footer(
        left=to_markup(t("footer.provenance", pack=prov["pack"], version=prov["version"], hash=prov["pack_short"],
                         as_of=prov["as_of"], app=prov["app"], case=prov["case_short"])),
        page_label=lambda page, pages: to_markup(t("footer.page", page=page, pages=pages)),
        second=to_markup(t("disclaimer.short")),
    )
    meta = DocMeta(title=t("letter.meta_title"), subject=t("letter.title"), lang="zh-CN" if lang == "zh" else "en")
    pdf, pages = build_pdf(parse(markup), footer, meta)
    return pdf, pages, missing


def render_letter_bytes(case: Case | dict[str, Any], result: dict[str, Any], *, lang: str = "zh",
                        centre: Centre | dict[str, Any] | str | Path | None = None,
                        include: Iterable[tuple[str, str]] | None = None, note: str | None = None) -> bytes:
    """The letter as PDF bytes (for a preview); nothing is written."""
    return _render(case, result, lang, centre, include, note)[0]


def build_letter(case: Case | dict[str, Any], result: dict[str, Any], out_path: str | Path, *, lang: str = "zh",
                 centre: Centre | dict[str, Any] | str | Path | None = None,
                 include: Iterable[tuple[str, str]] | None = None, note: str | None = None) -> LetterReport:
    """Build the letter and write it to ``out_path`` all-or-nothing.

    ``include``: optional ``(rule_id, subject)`` pairs to print (points entries are
    ``(scheme, "applicant")``); ``note``: the case worker's words for the first page.
    """
    pdf, pages, missing = _render(case, result, lang, centre, include, note)
    path = write_atomic(out_path, pdf)
    return LetterReport(path=path, pages=pages, missing_chars=missing, sha256=hashlib.sha256(pdf).hexdigest())
