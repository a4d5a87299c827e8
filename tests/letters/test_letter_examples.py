"""The example cases print letters with every key fact, status and date, in Chinese and English.

Expectations are derived from each case's own result, so they hold as the rule content grows.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from advisor import __version__
from advisor.domain.dates import format_date
from advisor.letters import build_letter, render_letter_bytes
from advisor.letters.letter_model import case_sha256
from advisor.rules.wording import fmt_number
from tests.conftest import example_case_paths
from tests.letters.conftest import embedded_fonts, pdf_pages, pdf_text, pdftotext, squash

NAMES = [p.stem for p in example_case_paths()]
STRINGS = {
    "zh": {"from": "{date}起可办理", "confirm": "此项请向经办部门核实", "page": "第{page}页，共{pages}页"},
    "en": {"from": "can apply from {date}", "confirm": "please confirm with the office",
           "page": "Page {page} of {pages}"},
}


def _d(iso: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso), lang)


def _expected(case, result, lang):
    """(what, text) pairs the letter must contain."""
    tx = (lambda d: d[lang]) if lang in ("zh", "en") else None
    out = [("applicant name", case.applicant.name), ("letter date", _d(result["as_of"], lang))]
    any_confirm = False
    for o in result["options"] + result["points"]:
        title = tx(o["title"])
        out.append(("title", title))
        any_confirm |= bool(o.get("confirm"))
        if o["status"] == "eligible_later" and o.get("eligible_from"):
            out.append((f"eligible_from of {title}", STRINGS[lang]["from"].format(date=_d(o["eligible_from"], lang))))
        if o["status"] in ("eligible_later", "not_eligible"):
            out += [(f"reason of {title}", tx(r)) for r in o.get("reasons", [])]
        if o["status"] == "needs_info":
            out += [(f"question of {title}", tx(c)) for c in o.get("changes", [])]
        if o["status"] in ("eligible", "eligible_later"):
            for w in o.get("windows", []):
                if w["to"] >= result["as_of"]:
                    out.append((f"window of {title}", tx(w["label"])))
                    out.append((f"window start of {title}", _d(w["from"], lang)))
            out += [(f"step of {title}", tx(s)) for s in o.get("next_steps", [])]
            out += [(f"document of {title}", tx(d)) for d in o.get("documents", [])]
            out += [(f"office of {title}", tx(off["name"])) for off in o.get("offices", [])]
            out += [(f"hotline of {title}", off["hotline"]) for off in o.get("offices", []) if off.get("hotline")]
        for s in o.get("sources", []):
            out.append(("source", s["title"]))
            if s.get("number"):
                out.append(("source number", s["number"]))
    for p in result["points"]:
        if p.get("computable", True) and p.get("total") is not None:
            out.append(("points total", fmt_number(p["total"])))
            if p.get("threshold"):
                out.append(("threshold", fmt_number(p["threshold"]["value"])))
                out.append(("threshold year", str(p["threshold"].get("year") or "")))
                out.append(("gap", fmt_number(p["gap"])))
            for b in p["breakdown"]:
                out.append(("indicator", tx(b["label"])))
            out += [("projection", fmt_number(x["total"])) for x in p["projection"] if x.get("total") is not None]
        elif not p.get("computable", True):
            out.append(("not computable", tx(p["reason"])))
    if any_confirm:
        out.append(("confirm marker", STRINGS[lang]["confirm"]))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_letter_contains_the_key_facts(examples, name, lang, tmp_path):
    _, case, result = next(e for e in examples if e[0] == name)
    out = tmp_path / f"{name}.{lang}.pdf"
    report = build_letter(case, result, out, lang=lang)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert report.pages == len(PdfReader(io.BytesIO(pdf)).pages) and report.missing_chars == []
    text = squash(pdf_text(pdf))
    missing = [(what, s) for what, s in _expected(case, result, lang) if s and squash(s) not in text]
    assert not missing, f"{len(missing)} fact(s) missing from the {lang} letter: {missing[:8]}"
    poppler = pdftotext(out)
    if poppler is not None:  # a second, independent reader agrees on the name and the date
        assert case.applicant.name in poppler and squash(_d(result["as_of"], lang)) in squash(poppler)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_page_x_of_y_and_provenance(examples, lang):
    _, case, result = examples[0]
    pdf = render_letter_bytes(case, result, lang=lang)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    rules = result["rules"]
    for i, page in enumerate(pages, 1):
        text = squash(page)
        assert squash(STRINGS[lang]["page"].format(page=i, pages=len(pages))) in text, i
        for part in (rules["version"], rules["sha256"][:12], result["as_of"], __version__, case_sha256(case)[:12]):
            assert part in text, (i, part)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cjk_font_is_embedded_and_no_font_is_left_to_the_viewer(examples, lang):
    _, case, result = examples[0]
    fonts = embedded_fonts(render_letter_bytes(case, result, lang=lang))
    assert any("WenQuanYiMicroHei" in f for f in fonts), fonts
    assert all(fonts.values()), f"not embedded: {[f for f, e in fonts.items() if not e]}"


def _english_side(node, out: list[str]) -> None:
    """Every string the result itself gives for an English letter (names of apps, document titles…)."""
    if isinstance(node, dict):
        if set(node) >= {"zh", "en"}:
            out.append(str(node["en"]))
            return
        for v in node.values():
            _english_side(v, out)
    elif isinstance(node, list):
        for v in node:
            _english_side(v, out)
    elif isinstance(node, str):
        out.append(node)


def test_english_letter_is_complete_not_partial(examples):
    """No Chinese in the English letter but what the case and the result's English side bring."""
    for name, case, result in examples:
        text = pdf_text(render_letter_bytes(case, result, lang="en"))
        given: list[str] = [case.applicant.name or "", case.district or ""]
        given += [c.name or "" for c in case.family.children or []]
        _english_side(result, given)
        allowed = set("".join(given))
        stray = {ch for ch in squash(text) if "\u4e00" <= ch <= "\u9fff" and ch not in allowed}
        assert not stray, f"{name}: Chinese characters in the English letter: {''.join(sorted(stray))[:40]}"


def test_same_input_gives_the_same_bytes_and_the_date_matters(examples):
    _, case, result = examples[0]
    a = render_letter_bytes(case, result)
    assert a == render_letter_bytes(case, result)
    later = dict(result, as_of="2027-01-15")
    assert render_letter_bytes(case, later) != a


def test_first_page_is_for_the_family(examples):
    """Greeting, the three lists, the next things to do and the checklist come before the details."""
    _, case, result = next(e for e in examples if e[0] == "beijing-courier-family")
    text = squash(pdf_text(render_letter_bytes(case, result)))
    order = ["王建国，您好", "现在可以办", "以后可以办", "暂时办不了", "接下来先做这几件事", "办这几件事要带的材料",
             "每一项怎么办", "附录：依据与核对信息", "重要说明"]
    positions = [text.find(squash(s)) for s in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_bytes_do_not_depend_on_the_process_or_on_earlier_letters(examples, tmp_path):
    """A fresh process, and one that printed other letters (other fonts) first, give the same bytes."""
    import hashlib
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    name = examples[0][0]
    script = (
        "import hashlib, sys\n"
        "from advisor.domain.validation import load_case_file\n"
        "from advisor.letters import render_letter_bytes\n"
        "from advisor.rules.engine import evaluate\n"
        "from advisor.rules.loader import load_pack\n"
        "from tests.conftest import RULES, example_case_paths\n"
        "from tests.letters.conftest import option, result_with, simple_case\n"
        f"path = next(p for p in example_case_paths() if p.stem == {name!r})\n"
        "case = load_case_file(path)\n"
        "result = evaluate(case, load_pack(RULES))\n"
        "if sys.argv[1] == 'busy':\n"
        "    render_letter_bytes(simple_case('刘䶮𠮷'), result_with([option('甲', 'A')]), lang='en')\n"
        "print(hashlib.sha256(render_letter_bytes(case, result)).hexdigest())\n"
    )
    _, case, result = examples[0]
    here = hashlib.sha256(render_letter_bytes(case, result)).hexdigest()
    for mode in ("fresh", "busy"):
        out = subprocess.run([sys.executable, "-c", script, mode], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert out.stdout.strip() == here, mode
