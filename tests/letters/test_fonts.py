"""The bundled fonts: TrueType outlines, licences, a manifest that matches, coverage (C21), no tofu."""

from __future__ import annotations

import hashlib
import json
import tomllib

import pytest
from fontTools.ttLib import TTCollection, TTFont

from advisor.letters import check_glyphs, render_letter_bytes
from advisor.letters.fonts import MAIN_FONT, describe_missing, font_of, font_specs, fonts_dir, wrap_runs
from tests.conftest import ROOT, example_case_paths
from tests.letters.conftest import body_text, embedded_fonts, option, result_with, simple_case, squash


def _open(spec):
    if spec.path.suffix == ".ttc":
        return TTCollection(str(spec.path)).fonts[spec.subfont]
    return TTFont(str(spec.path))


@pytest.fixture(scope="module")
def cmaps():
    return {s.name: set(_open(s).getBestCmap()) for s in font_specs()}


def test_fonts_are_truetype_outlines_and_match_the_manifest(cmaps):
    for spec in font_specs():
        font = _open(spec)
        assert "glyf" in font and "CFF " not in font, f"{spec.path.name} must have TrueType outlines"
        assert hashlib.sha256(spec.path.read_bytes()).hexdigest() == spec.sha256, spec.path.name
        covered = {ord(c) for c in spec.chars}
        assert covered <= cmaps[spec.name], f"{spec.path.name}: manifest claims characters the font lacks"
    assert font_specs()[0].name == MAIN_FONT


def test_licences_and_readme_are_shipped():
    folder = fonts_dir()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for spec in font_specs():
        assert spec.path.name in readme
    assert "Apache" in (folder / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in (folder / "LICENSE-hanazono.txt").read_text(encoding="utf-8")


def test_gb2312_is_covered_by_the_main_font(cmaps):
    main = cmaps[MAIN_FONT]
    missing = []
    for hi in range(0xB0, 0xF8):  # GB2312 levels 1 and 2
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if ord(ch) not in main:
                missing.append(ch)
    assert missing == []


def test_every_character_of_the_examples_templates_and_strings_is_covered():
    texts = [p.read_text(encoding="utf-8") for p in example_case_paths()]
    folder = ROOT / "templates" / "letters"
    texts += [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()]
    for p in folder.glob("strings.*.toml"):
        texts += [v for section in tomllib.loads(p.read_text(encoding="utf-8")).values() for v in section.values()]
    assert check_glyphs("".join(texts)) == []


def test_rare_name_characters_use_a_fallback_font_and_come_back_out():
    name = "刘䶮𠮷𡈼𪚥"  # Ext-A (䶮) and Ext-B
    assert font_of("䶮") == "AdvisorFallbackA" and font_of("𠮷") == "AdvisorFallbackB"
    assert wrap_runs("刘䶮") == '刘<font name="AdvisorFallbackA">䶮</font>'
    pdf = render_letter_bytes(simple_case(name), result_with([option("甲", "A")]))
    assert squash(name) in body_text(pdf)
    fonts = embedded_fonts(pdf)
    assert any("AdvisorFallbackB" in f for f in fonts) and all(fonts.values())


def test_missing_characters_are_reported_before_printing():
    missing = check_glyphs("张三😀\U0002B740\u2060 ok\x00\n")
    assert missing == ["😀", "\U0002B740", "\u2060"]
    assert "U+1F600" in describe_missing(missing, "zh") and "字体缺少字符" in describe_missing(missing, "zh")


def test_letter_report_lists_missing_characters(tmp_path):
    from advisor.letters import build_letter

    report = build_letter(simple_case("张😀"), result_with([option("甲", "A")]), tmp_path / "l.pdf",
                          note="\U0002B740")
    assert report.missing_chars == ["😀", "\U0002B740"]
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF-")  # warned, and still printed


def test_manifest_is_compact_json():
    data = json.loads((fonts_dir() / "fonts.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in data["fonts"]] == [s.name for s in font_specs()]
