"""The library API the GUI calls, the centre file, the export PDF and the ``advisor letter`` command."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from advisor.cli import main
from advisor.letters import (
    DEFAULT_CENTRE,
    CentreError,
    build_export_pdf,
    build_letter,
    load_centre,
    render_letter_bytes,
)
from tests.conftest import example_case_paths
from tests.letters.conftest import body_text, embedded_fonts, option, pdf_text, result_with, simple_case, squash

BEIJING = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")


def test_build_letter_and_render_bytes_agree(tmp_path):
    case, result = simple_case(), result_with([option("甲", "A")])
    report = build_letter(case, result, tmp_path / "a.pdf", note="请带租房合同")
    assert report.path.read_bytes() == render_letter_bytes(case, result, note="请带租房合同")
    assert len(report.sha256) == 64 and report.pages >= 2 and report.missing_chars == []


def test_include_prints_only_the_chosen_options():
    a = option("甲项", "Item A")
    b = option("乙项", "Item B", status="not_eligible", reasons=[{"zh": "不符合", "en": "no"}])
    pdf = render_letter_bytes(simple_case(), result_with([a, b]), include={(a["rule_id"], "applicant")})
    text = squash(pdf_text(pdf))
    assert "甲项" in text and "乙项" not in text


def test_worker_note_is_printed_on_the_first_page():
    pdf = render_letter_bytes(simple_case(), result_with([option("甲", "A")]), note="下周二上午再来\n带上户口本")
    first = squash(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "社工留言：下周二上午再来带上户口本" in first


def test_statuses_are_grouped_for_the_family():
    opts = [
        option("现在项", "Now item"),
        option("以后项", "Later item", status="eligible_later", eligible_from="2028-01-01",
               reasons=[{"zh": "社保还差1年1个月", "en": "1 year 1 month of insurance to go"}]),
        option("不行项", "Blocked item", status="not_eligible",
               reasons=[{"zh": "没有居住证：不符合", "en": "No residence permit: no"}]),
        option("待查项", "Unknown item", status="needs_info", changes=[{"zh": "补充信息：有没有劳动合同？",
                                                                     "en": "Find out: is there a labour contract?"}]),
    ]
    zh = squash(pdf_text(render_letter_bytes(simple_case(), result_with(opts))))
    for s in ("现在可以办", "现在项", "2028年1月1日起可办理", "社保还差1年1个月", "暂时办不了", "没有居住证：不符合",
              "还需要弄清楚", "补充信息：有没有劳动合同？", "关系到：待查项"):
        assert squash(s) in zh, s
    en = squash(pdf_text(render_letter_bytes(simple_case(), result_with(opts), lang="en")))
    for s in ("What you can do now", "can apply from 1 January 2028", "What is blocked for now, and why",
              "Find out: is there a labour contract?"):
        assert squash(s) in en, s


def test_non_primary_items_are_marked_for_confirmation():
    weak = option("待核实项", "Weak item", tier="secondary", confirm={"zh": "请向经办部门核实", "en": "x"})
    text = squash(pdf_text(render_letter_bytes(simple_case(), result_with([weak]))))
    assert "待核实项（此项请向经办部门核实）" in text


def test_children_of_one_rule_are_listed_together_on_the_first_page():
    opts = [option("入学", "School", subject=f"child:{i}", subject_name=n) for i, n in enumerate(["小雨", "小林"])]
    first = squash(PdfReader(io.BytesIO(render_letter_bytes(simple_case(), result_with(opts)))).pages[0].extract_text())
    assert "入学（孩子小雨、小林）" in first


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        render_letter_bytes(simple_case(), result_with([]), lang="fr")


def test_empty_result_still_prints_a_useful_letter():
    text = squash(pdf_text(render_letter_bytes(simple_case(None), result_with([]))))
    assert "还没有找到适用于您情况的项目" in text and "致：来访家庭" in text


# -- centre ---------------------------------------------------------------------------------------


def test_centre_from_toml_and_json(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text('name = {zh = "和平街社区服务中心", en = "Hepingjie Centre"}\nphone = "010-6420 0000"\n',
                    encoding="utf-8")
    centre = load_centre(toml)
    assert centre.get("name", "en") == "Hepingjie Centre" and centre.get("phone", "zh") == "010-6420 0000"
    js = tmp_path / "c.json"
    data = {"centre": {"name": "某中心", "address": "某路1号"}}
    js.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_centre(js).get("address", "en") == "某路1号"
    text = squash(pdf_text(render_letter_bytes(simple_case(), result_with([]), centre=centre)))
    assert "和平街社区服务中心" in text and "电话：010-64200000" in text
    assert load_centre(None) is DEFAULT_CENTRE


@pytest.mark.parametrize("content, fragment", [
    ('name = 5', "name"), ('name = "x"\nfax = "1"', "fax"), ('address = "x"', "name"),
    ('name = "' + "x" * 300 + '"', "200"), ("name = [", "TOML"),
])
def test_bad_centre_files_are_refused_with_the_field(tmp_path, content, fragment):
    p = tmp_path / "c.toml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(CentreError) as err:
        load_centre(p)
    assert fragment in str(err.value)


# -- export PDF (PIPL copy of personal data) ----------------------------------------------------------


def test_export_pdf_prints_nested_data_readably(tmp_path):
    export = {
        "个案": {"姓名": "王<b>建国</b> & 𠮷", "出生": "1987-03",
                 "子女": [{"姓名": "小雨", "在读": True}, {"姓名": "小林"}],
                 "备注": None, "收入": 8500.0, "空表": {}, "空列表": []},
        "同意记录": [{"范围": "一般", "时间": "2026-11-27T10:00"}],
        "审计": "仅编号",
    }
    out = build_export_pdf(export, tmp_path / "export.pdf")
    pdf = out.read_bytes()
    text = body_text(pdf)
    for s in ("个人信息副本", "王<b>建国</b>&𠮷", "出生：1987-03", "姓名：小雨", "在读：是", "备注：（空）",
              "收入：8500", "范围：一般", "审计", "仅编号"):
        assert squash(s) in text, s
    assert all(embedded_fonts(pdf).values())
    en = build_export_pdf(export, tmp_path / "export-en.pdf", lang="en").read_bytes()
    assert "Copyofmypersonaldata" in body_text(en) and "在读:yes" in body_text(en)


def test_export_handles_deep_nesting(tmp_path):
    deep: dict = {"v": "底"}
    for i in range(80):
        deep = {f"k{i}": deep}
    out = build_export_pdf({"深": deep}, tmp_path / "deep.pdf")
    assert out.read_bytes().startswith(b"%PDF-")


# -- the command --------------------------------------------------------------------------------------


def test_letter_command_writes_the_pdf(tmp_path, capsys):
    out = tmp_path / "letter.pdf"
    assert main(["letter", str(BEIJING), "-o", str(out)]) == 0
    assert "已生成信函" in capsys.readouterr().out
    assert "王建国" in pdf_text(out.read_bytes())
    centre = tmp_path / "c.toml"
    centre.write_text('name = {zh = "和平街社区服务中心", en = "Hepingjie Centre"}\n', encoding="utf-8")
    assert main(["letter", str(BEIJING), "-o", str(out), "--lang", "en", "--as-of", "2027-02-01",
                 "--centre", str(centre), "--note", "Bring the lease"]) == 0
    text = squash(pdf_text(out.read_bytes()))
    assert "HepingjieCentre" in text and "1February2027" in text and "Bringthelease" in text


def test_letter_command_bad_input_exits_2(tmp_path, capsys):
    assert main(["letter", str(BEIJING), "-o", str(tmp_path / "no" / "x.pdf")]) == 2
    bad = tmp_path / "c.toml"
    bad.write_text("fax = 1\n", encoding="utf-8")
    assert main(["letter", str(BEIJING), "-o", str(tmp_path / "x.pdf"), "--centre", str(bad)]) == 2
    assert main(["letter", str(BEIJING), "-o", str(tmp_path / "x.pdf"), "--as-of", "2026-02-30"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and not (tmp_path / "x.pdf").exists()
