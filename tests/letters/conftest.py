"""Helpers for letter tests: evaluated example cases, synthetic results, reading PDFs back."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from advisor.domain.validation import load_case_file
from advisor.rules.engine import evaluate
from tests.conftest import ROOT, example_case_paths, make_case

ARTIFACTS = ROOT / "test-artifacts" / "letters"
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any whitespace (PDF extraction breaks lines wherever the layout did)."""
    return _WS.sub("", text)


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF (pypdf), pages joined."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


_FOOTER = re.compile(
    r"第\d+页，共\d+页|Page\d+of\d+"
    r"|规则包.*?个案[0-9a-f]{12}|Rules.*?case[0-9a-f]{12}"
    r"|本信是咨询建议，不是官方决定；请以经办部门的答复为准。|Advice,notanofficialdecision:theoffice'sansweriswhatcounts\."
)


def body_text(pdf: bytes) -> str:
    """The squashed text of all pages without the footers (a paragraph that runs on to the next page
    reads back in one piece)."""
    return "".join(_FOOTER.sub("", squash(page)) for page in pdf_pages(pdf))


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page."""
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def pdftotext(path: Path) -> str | None:
    """poppler's reading of the file, when poppler is installed."""
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name → whether a TrueType font program (FontFile2) is embedded."""
    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            out[str(font.get("/BaseFont"))] = bool(desc is not None and "/FontFile2" in desc.get_object())
    return out


@pytest.fixture(scope="session")
def examples(pack) -> list[tuple[str, Any, dict[str, Any]]]:
    """(name, case, result) for every example case, evaluated with the bundled pack."""
    out = []
    for path in example_case_paths():
        case = load_case_file(path)
        out.append((path.stem, case, evaluate(case, pack)))
    return out


def option(title_zh: str, title_en: str, status: str = "eligible", **extra: Any) -> dict[str, Any]:
    """A synthetic option in the result format (only what a letter reads)."""
    base = {
        "kind": "labour.legal_aid", "subject": "applicant",
        "rule_id": "t." + hashlib.sha256(title_zh.encode()).hexdigest()[:8],
        "title": {"zh": title_zh, "en": title_en}, "status": status, "eligible_from": None, "conditions": [],
        "missing_facts": [], "next_steps": [{"zh": "带上材料去办理。", "en": "Take the documents and apply."}],
        "documents": [{"zh": "居民身份证", "en": "Resident ID card"}],
        "offices": [{"name": {"zh": "法律援助中心", "en": "Legal aid centre"}, "hotline": "12348"}],
        "sources": [{"title": "法律援助法", "number": None, "article": "第42条", "date": "2021-08-20",
                     "tier": "primary"}],
        "verified_on": "2026-11-27", "domain": "labour", "tier": "primary", "reasons": [], "changes": [],
        "windows": [], "notes": [],
    }
    base.update(extra)
    return base


def result_with(options: list[dict[str, Any]], points: list[dict[str, Any]] | None = None,
                as_of: str = "2026-11-27") -> dict[str, Any]:
    """A synthetic result holding the given options."""
    return {"format": "advisor-result/1", "city": "beijing", "as_of": as_of,
            "rules": {"pack": "test-pack", "version": "0.0", "sha256": "ab" * 32, "date": as_of},
            "options": options, "points": points or [], "notices": [], "missing_facts": []}


def simple_case(name: str | None = "张三", **overrides: Any):
    """A small valid case (dotted overrides as in tests.conftest.make_case)."""
    if name is not None:
        overrides["applicant__name"] = name
    return make_case(**overrides)
