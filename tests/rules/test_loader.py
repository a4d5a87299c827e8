"""Strict loading: every problem reported with file:line; hostile YAML refused (C26–C28)."""

import hashlib

import pytest

from advisor.rules.loader import PackError, load_pack
from advisor.rules.yaml_loader import YamlProblem, load_yaml
from tests.rules.packkit import rule, write_pack

BROKEN = """sources:
  src_p: {title: T, tier: primary}
rules:
  - id: r.one
    kind: residence_permit.apply
    city: beijing
    title: {zh: 一, en: one}
    effective_from: "2024-02-30"
    verified_on: "2026-01-01"
    sources: [{ref: src_p}]
    colour: red
    conditions:
      - {type: months_magic, months: 3}
  - id: r.one
    kind: residence_permit.apply
    city: beijing
    title: {zh: 二, en: two}
    effective_from: "2024-01-01"
    verified_on: "2026-01-01"
    sources: [{ref: src_missing}]
    conditions:
      - {type: fact_equals, fact: applicant.shoe_size, value: 42, label: {zh: 鞋码, en: shoe}}
"""


def test_broken_pack_reports_every_problem_with_file_and_line(tmp_path):
    root = write_pack(tmp_path, {})
    (root / "content.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "second.yaml").write_text("rules:\n  - id: r.two\n    kind: not.a.kind\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(root)
    text = exc.value.report()
    assert "content.yaml:8:" in text and "2024-02-30" in text          # bad date, with its line
    assert "content.yaml:11:" in text and "unknown key" in text        # colour
    assert "months_magic" in text                                      # unknown condition type
    assert "second.yaml:3:" in text                                    # bad kind
    assert len(exc.value.problems) >= 4


def test_cross_reference_errors(tmp_path):
    content = BROKEN.replace('effective_from: "2024-02-30"', 'effective_from: "2024-02-01"') \
        .replace("    colour: red\n", "").replace("{type: months_magic, months: 3}",
                                                   "{type: months_total, source: social_insurance, months: 3}")
    root = write_pack(tmp_path, {})
    (root / "content.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(root)
    text = exc.value.report()
    assert "duplicate id r.one" in text
    assert "unknown source src_missing" in text
    assert "applicant.shoe_size is not in the facts catalogue" in text


def test_labels_required_where_a_condition_cannot_explain_itself(tmp_path):
    cond = {"type": "fact_equals", "fact": "work.status", "value": "employed"}
    root = write_pack(tmp_path, {"rules": [rule([cond])]})
    with pytest.raises(PackError, match="needs a label"):
        load_pack(root)


@pytest.mark.parametrize("text,needle", [
    ("a: &x 1\nb: *x\n", "anchors"),
    ('a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n', "anchors"),
    ("!!python/object/apply:os.system ['touch pwned.txt']\n", "not allowed"),
    ("a: !!python/name:os.system\n", "not allowed"),
    ("a: 1\na: 2\n", "duplicate key"),
    ("[" * 5000 + "]" * 5000, "nesting"),
    ("a: [1, 2\n", "YAML syntax"),
])
def test_hostile_yaml_is_refused(tmp_path, monkeypatch, text, needle):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(YamlProblem, match=needle):
        load_yaml(text)
    assert not (tmp_path / "pwned.txt").exists()


def test_oversized_file_refused_before_parsing():
    with pytest.raises(YamlProblem, match="limited"):
        load_yaml(b"a: " + b"x" * 1_100_000)


def test_yaml_11_coercions_stay_strings():
    doc = load_yaml("a: no\nb: 2024-02-30\nc: on\nd: true\ne: 010\nf: 1.5\ng: 10\nh: ~\n")
    assert doc.data == {"a": "no", "b": "2024-02-30", "c": "on", "d": True, "e": "010", "f": 1.5, "g": 10, "h": None}


def test_string_field_given_a_boolean_is_an_error(tmp_path):
    root = write_pack(tmp_path, {})
    (root / "content.yaml").write_text("sources:\n  s1: {title: yes, tier: primary}\n", encoding="utf-8")
    load_pack(root)  # "yes" stays a string: fine
    (root / "content.yaml").write_text("sources:\n  s1: {title: true, tier: primary}\n", encoding="utf-8")
    with pytest.raises(PackError, match="content.yaml:2"):
        load_pack(root)


def test_pack_hash_is_stable_and_content_sensitive(tmp_path):
    root = write_pack(tmp_path, {"rules": [rule([])]})
    h1 = load_pack(root).sha256
    assert load_pack(root).sha256 == h1
    (root / "content.yaml").write_text((root / "content.yaml").read_text("utf-8") + "\n", encoding="utf-8")
    assert load_pack(root).sha256 != h1
    assert len(h1) == len(hashlib.sha256().hexdigest())
