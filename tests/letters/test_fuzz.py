"""Hostile and unusual names and notes never break the letter and print exactly as typed (C18, C22).

Names mix common and rare CJK (Ext-A and Ext-B, drawn from the fallback fonts), ``& < > " '``,
tags, control characters and 2,000-character runs; the text read back from the PDF must contain
each of them as typed, control characters aside. The network is off throughout: a sentinel
server on 127.0.0.1 must see no request although the input names it in ``<img src=…>``.
"""

from __future__ import annotations

import http.server
import os
import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.letters import render_letter_bytes
from advisor.letters.escape import clean
from advisor.letters.fonts import font_of
from tests.letters.conftest import body_text, option, result_with, simple_case, squash


def _covered(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(chr).filter(lambda c: font_of(c) is not None)


TAGS = ["<b>", "</b>", "<script>", "</para>", "<br/>", "&amp;", "&#39;", "&", "<", ">", '"', "'", "]]>",
        '<font color="[[[1]]]">', '<a href="file:///etc/passwd">', "<img src='x'/>", "<!--", "&nbsp;"]
PLAIN = list("ABCxyz0123456789 .,;:!?()-_/\\·•・‧．　，。、；：？！（）《》“”【】")
CHUNK = st.one_of(
    st.text(st.one_of(_covered(0x4E00, 0x9FFF), st.sampled_from(PLAIN)), max_size=12),
    st.text(_covered(0x3400, 0x4DBF), min_size=1, max_size=3),          # CJK Ext-A (fallback font A)
    st.text(_covered(0x20000, 0x2A6DF), min_size=1, max_size=3),        # CJK Ext-B (fallback font B)
    st.sampled_from(TAGS),
    st.text(st.sampled_from([chr(c) for c in [*range(0, 32), *range(0x7F, 0xA0)]]), min_size=1, max_size=3),
)
TEXT = st.lists(CHUNK, max_size=10).map("".join)
RUN = st.builds(lambda c, n: c * n, st.sampled_from(["长", "a", "&", "<", "𠮷", "䶮", "x y "]), st.integers(1500, 2200))
NOTE = st.one_of(TEXT, st.builds(lambda a, r, b: a + r + b, TEXT, RUN, TEXT))


class _NoNetwork:
    """Any outbound connection other than to the sentinel fails the test."""

    def __init__(self, monkeypatch, allowed_port: int | None = None):
        real = socket.socket.connect
        self.attempts: list[object] = []

        def connect(sock, address):
            if allowed_port is not None and address[1:2] == (allowed_port,):
                return real(sock, address)
            self.attempts.append(address)
            raise OSError("network access is not allowed in letter builds")

        monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def sentinel(monkeypatch):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    guard = _NoNetwork(monkeypatch, allowed_port=server.server_address[1])
    yield server.server_address[1], hits, guard
    server.shutdown()
    server.server_close()


def _letter_text(name: str, child: str, note: str) -> str:
    window = {"label": {"zh": "报名", "en": "Registration"}, "from": "2027-05-01", "to": "2027-05-31",
              "tier": "primary"}
    opts = [option("入学", "School", subject="child:0", subject_name=child, windows=[window]),
            option("法律援助", "Legal aid", status="not_eligible",
                   reasons=[{"zh": f"{child}：不符合", "en": f"{child}: no"}])]
    case = simple_case(name[:100] or "无名")
    return body_text(render_letter_bytes(case, result_with(opts), note=note))


def _check(name: str, child: str, note: str) -> None:
    text = _letter_text(name, child, note)
    for typed in (name[:100], child, note):
        expected = squash(clean(typed))
        assert expected in text, f"not printed as typed: {typed[:80]!r}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(name=TEXT.filter(lambda s: s.strip()), child=TEXT, note=NOTE)
def test_fuzzed_names_and_notes_print_as_typed(name, child, note):
    _check(name, child, note)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("ADVISOR_LONG_FUZZ"), reason="long run: set ADVISOR_LONG_FUZZ=1 (nightly)")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(name=TEXT.filter(lambda s: s.strip()), child=NOTE, note=NOTE)
def test_fuzzed_names_and_notes_print_as_typed_long_run(name, child, note):
    _check(name, child, note)


@pytest.mark.parametrize("run", ["长" * 2000, "a" * 2000, "𠮷" * 2000, "&<>\"'" * 400])
def test_two_thousand_character_runs_in_names_and_table_cells(run):
    """An unbroken run in a heading, a list and a calendar table cell: no LayoutError, nothing lost."""
    text = _letter_text(run[:100], run, run)
    assert squash(run) in text


def test_no_request_ever_leaves_the_machine(sentinel):
    port, hits, guard = sentinel
    hostile = f'<img src="http://127.0.0.1:{port}/x.png"/><a href="http://127.0.0.1:{port}/a">x</a>'
    text = _letter_text(hostile[:100], hostile, hostile)
    assert squash(hostile) in text
    assert hits == [] and guard.attempts == []
