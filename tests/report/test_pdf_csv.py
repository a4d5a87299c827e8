"""The printed report: the PDF's text holds the tables (pypdf), the CSV holds every figure, neither
holds a name or an ID number, and pages are rendered to PNG (test-artifacts/report/) to look at."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from advisor.report import ALL, Filters, build_report
from advisor.report.csv_out import COLUMNS, csv_bytes, write_csv
from advisor.report.pdf import provenance, render_pdf_bytes, write_pdf
from advisor.report.wording import city_label, domain_label, kind_label
from tests.conftest import ROOT
from tests.report.synth import CHILD_MARK, NAME_MARK, NOTE_MARK

ARTIFACTS = ROOT / "test-artifacts" / "report"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def report(store_path, rules_engine):
    from advisor.cases import CaseStore
    from advisor.cases.crypto import TEST_KDF
    from tests.report.conftest import PASSPHRASE

    store = CaseStore.open(store_path, passphrase=PASSPHRASE, kdf=TEST_KDF)
    try:
        return build_report(store, rules_engine, Filters(), worker="tester", today=TODAY, processes=1)
    finally:
        store.close()


@pytest.fixture(scope="module")
def pdfs(report):
    return {lang: render_pdf_bytes(report, lang) for lang in ("zh", "en")}


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_text_contains_the_tables(report, pdfs, lang):
    pdf, pages = pdfs[lang]
    assert pdf.startswith(b"%PDF") and pages >= 5
    text = _text(pdf)
    flat = _flat(text)
    assert _flat("中心报告" if lang == "zh" else "Centre report") in flat
    for scope in report.scopes:  # families served, per city
        assert _flat(city_label(scope, lang)) in flat
    served = [str(report.served[s].value) for s in report.scopes if report.served[s].value is not None]
    for row in report.demand:
        assert _flat(domain_label(row.domain, lang)) in flat
    main = ALL if ALL in report.scopes else report.scopes[0]
    for r in report.supply[main]:
        assert _flat(kind_label(r.kind, lang)) in flat
    for scope in report.scopes:  # the ranked blocking conditions (cells wrap: compare without spaces)
        for b in report.blockers[scope][:3]:
            assert _flat(b.label[lang])[:24] in flat, (scope, b.label[lang])
            assert str(b.families.value) in text
        for fr in report.unknown_facts[scope][:3]:
            assert _flat(fr.label[lang])[:16] in flat
    for number in served:
        assert re.search(rf"(?<!\d){number}(?!\d)", text), number
    for use in report.packs:  # which rule packs, with their hashes
        assert use.ref.sha256 in flat and use.ref.version in text
    assert _flat(provenance(report, lang))[:30] in flat  # the footer's provenance line
    assert ("第1页/共" if lang == "zh" else "Page1of") in flat


def test_pdf_metadata_names_nobody(pdfs):
    meta = PdfReader(io.BytesIO(pdfs["zh"][0])).metadata
    assert meta.title == "中心报告：服务需求与政策供给"
    assert not meta.author


def _ids(families) -> list[str]:
    return [f.id_number for f in families if f.id_number]


def test_no_name_or_id_number_anywhere(report, pdfs, families, tmp_path):
    path = write_pdf(report, tmp_path / "r.pdf")
    csv_path = write_csv(report, tmp_path / "r.csv")
    blobs = {"pdf-bytes": path.read_bytes(), "csv": csv_path.read_bytes()}
    texts = {"pdf-zh": _text(pdfs["zh"][0]), "pdf-en": _text(pdfs["en"][0]),
             "csv": csv_path.read_text("utf-8-sig")}
    ids = _ids(families)
    assert len(ids) > 500
    for name, text in texts.items():
        for marker in (NAME_MARK, CHILD_MARK, NOTE_MARK, "曾在工地受伤"):
            assert marker not in text, (name, marker)
        for number in ids:
            assert number not in text and number not in _flat(text), name
        without_hashes = re.sub(r"[0-9a-f]{64}", "", text)
        assert not re.search(r"(?<![0-9a-f])\d{17}[\dX](?![0-9a-f])", without_hashes), name
    for name, blob in blobs.items():
        for marker in (NAME_MARK, CHILD_MARK, NOTE_MARK):
            assert marker.encode() not in blob, name


def test_the_csv_holds_every_published_figure(report):
    rows = list(csv.reader(io.StringIO(csv_bytes(report).decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    body = rows[1:]
    by = {(r[0], r[1], r[2], r[8]): r[9] for r in body}
    for s in report.scopes:
        v = report.served[s].value
        assert by[("served", s, "", "families")] == ("*" if v is None else str(v))
    for row in report.demand:
        for s in report.scopes:
            v = row.cells[s].value
            assert by[("demand", s, row.domain, "families")] == ("*" if v is None else str(v))
    for s in report.scopes:
        for r in report.supply[s]:
            for st, c in r.statuses.items():
                assert by[("supply", s, r.kind, st)] == ("*" if c.value is None else str(c.value))
        for rank, b in enumerate(report.blockers[s], 1):
            item = f"{b.owner}/{b.condition}"
            assert by[("blockers", s, item, "rank")] == str(rank)
            assert by[("blockers", s, item, "families_stopped")] == str(b.families.value)
    assert "*" in {r[9] for r in body}  # suppressed figures are marked, never left out silently
    for use in report.packs:
        assert by[("rule_packs", "all", use.ref.sha256, "families")] == str(use.families.value)


def test_csv_text_cannot_become_a_spreadsheet_formula(report):
    scope = report.scopes[0]
    evil = dataclasses.replace(report.blockers[scope][0], label={"zh": "=HYPERLINK(\"x\")", "en": "+1-2"})
    forged = dataclasses.replace(report, blockers={**report.blockers, scope: (evil,)})
    text = csv_bytes(forged).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1-2" in text
    assert not re.search(r"(^|,)=HYPERLINK", text)


def test_an_empty_report_still_prints(store, rules_engine, tmp_path):
    report = build_report(store, rules_engine, Filters(date_from=date(2030, 1, 1)), worker="tester", processes=1)
    assert report.scopes == ()
    path = write_pdf(report, tmp_path / "empty.pdf", "en")
    assert "nothing to show" in _text(path.read_bytes())
    write_csv(report, tmp_path / "empty.csv")


def test_pages_rendered_for_a_person_to_look_at(pdfs):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("report-*.png"):
        old.unlink()
    for lang, (pdf, pages) in pdfs.items():
        (ARTIFACTS / f"report-{lang}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(ARTIFACTS / f"report-{lang}.pdf"),
                        str(ARTIFACTS / f"report-{lang}")], check=True, timeout=120)
        assert len(list(ARTIFACTS.glob(f"report-{lang}-*.png"))) == pages
