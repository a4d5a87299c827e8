"""Case text never becomes markup; templates run sandboxed; only allow-listed markup reaches ReportLab."""

from __future__ import annotations

import re

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from advisor.letters import render_letter_bytes
from advisor.letters.builder import MarkupError, parse
from advisor.letters.environment import LetterTemplateError, environment, render
from advisor.letters.escape import clean, to_markup
from tests.letters.conftest import option, pdf_text, result_with, simple_case, squash


def test_jinja_is_recent_enough():
    assert tuple(int(x) for x in re.findall(r"\d+", jinja2.__version__)[:3]) >= (3, 1, 6)


def test_the_name_that_makes_reportlab_raise_prints_as_typed():
    name = "name <script> & <b>"
    pdf = render_letter_bytes(simple_case(name), result_with([option("甲", "A")]))
    assert squash(name) in squash(pdf_text(pdf))


def test_escaping_is_consistent_end_to_end():
    """C20: Jinja2's escaping, then ReportLab shows the literal characters."""
    value = "<b>张三</b> & \"A\" 'B'"
    env = environment()
    out = env.from_string("{{ v }}").render(v=value)
    assert out == "&lt;b&gt;张三&lt;/b&gt; &amp; &#34;A&#34; &#39;B&#39;"
    pdf = render_letter_bytes(simple_case(), result_with([option("甲", "A")]), note=value)
    assert squash(value) in squash(pdf_text(pdf))


@pytest.mark.parametrize("hostile", [
    '<img src="http://127.0.0.1:9/x.png"/>', '<a href="file:///etc/passwd">x</a>', '<font color="[[[1]]]">x</font>',
    '<link href="x">y</link>', "<para>", "</b>", "<br/>", "&amp;", "&#0;", "]]>", "<!DOCTYPE x>",
])
def test_markup_in_case_text_is_text(hostile):
    pdf = render_letter_bytes(simple_case(f"甲{hostile}乙"), result_with([option("甲", "A")]), note=hostile)
    text = squash(pdf_text(pdf))
    assert squash(clean(hostile)) in text


def test_control_characters_are_stripped_and_newlines_become_breaks():
    assert clean("a\x00b\x07c\td\r\ne\rf\u202eg\ud800h") == "ab" + "c d\ne\nfgh"
    assert str(to_markup("x & y\nz")) == "x &amp; y<br/>z"


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ x|attr('__class__') }}",
    "{{ ''.format.__globals__ }}",
])
def test_templates_are_sandboxed(source):
    env = environment()
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        env.from_string(source).render(x="")


def test_huge_ranges_are_refused_by_the_sandbox():
    with pytest.raises(OverflowError):
        environment().from_string("{% for i in range(10**9) %}{% endfor %}").render()


def test_undefined_values_fail_loudly(tmp_path):
    (tmp_path / "t.xml.j2").write_text("<letter><p>{{ nope }}</p></letter>", encoding="utf-8")
    with pytest.raises(LetterTemplateError):
        render("t.xml.j2", {}, folder=str(tmp_path))


@pytest.mark.parametrize("markup", [
    '<letter><p><img src="x"/></p></letter>',
    '<letter><p><a href="file:///etc/passwd">x</a></p></letter>',
    '<letter><p><link dest="x">x</link></p></letter>',
    '<letter><p><font color="[[[1]]]">x</font></p></letter>',
    '<letter><p><font name="Helvetica">x</font></p></letter>',
    '<letter><p><font size="x">x</font></p></letter>',
    '<letter><p onclick="x">x</p></letter>',
    '<letter><script>x</script></letter>',
    '<letter>loose text</letter>',
    '<!DOCTYPE letter [<!ENTITY a "aaaa">]><letter><p>&a;</p></letter>',
    '<letter><table><row><p>x</p></row></table></letter>',
    "<letter><p>unclosed</letter>",
])
def test_only_allow_listed_markup_is_accepted(markup):
    with pytest.raises(MarkupError):
        parse(markup)


def test_allow_listed_markup_is_accepted():
    flowables = parse('<letter><h1>标题</h1><p align="right">a <font color="#112233" size="9">b</font>'
                      '<br/><u>c</u></p><check>材料</check><step n="1">做</step><item badge="eligible">x</item>'
                      '<table widths="1,2" header="1"><row><cell>a</cell><cell align="right">1</cell></row></table>'
                      '<pagebreak only_on_first="1"/></letter>')
    assert len(flowables) >= 7


def test_a_template_with_disallowed_markup_is_rejected(tmp_path):
    (tmp_path / "t.xml.j2").write_text('<letter><p><img src="{{ x }}"/></p></letter>', encoding="utf-8")
    with pytest.raises(MarkupError):
        parse(render("t.xml.j2", {"x": "y"}, folder=str(tmp_path)))
