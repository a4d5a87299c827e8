"""User text → safe ReportLab paragraph markup.

Paragraph text is mini-XML: an unescaped ``<`` or ``&`` in a name makes ReportLab raise, and a
crafted ``<img src=…>`` or ``<a href=…>`` would become markup. Every value from a case or the
engine goes through :func:`to_markup` (the Jinja2 environment applies it to every ``{{ … }}``):
control characters are stripped, the rest escaped, newlines become ``<br/>`` *after* escaping, and
runs of characters the main font lacks move to a fallback font.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from advisor.letters.fonts import wrap_runs

# C0 controls except newline (tab becomes a space first), DEL and C1 controls, lone surrogates,
# the two non-characters U+FFFE/U+FFFF, and bidi embedding/override/isolate controls (ReportLab
# cannot honour them; they would only be invisible notdef glyphs).
_STRIP = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x85]")


def clean(text: str) -> str:
    """Text as it will be printed: line breaks unified to ``\\n``, tabs to spaces, controls removed."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _STRIP.sub("", text)


def to_markup(value: object) -> Markup:
    """Any value as paragraph markup that shows exactly its text."""
    if isinstance(value, Markup):
        return value
    escaped = str(escape(clean(str(value))))
    return Markup(wrap_runs(escaped.replace("\n", "<br/>")))  # noqa: S704 (escaped just above)
