"""Printable letters: the guidance letter for a family and the personal-data export (PDF).

Library API (the GUI calls these):

- :func:`build_letter` — write a letter PDF atomically, return a :class:`LetterReport`;
- :func:`render_letter_bytes` — the same PDF as bytes, for a preview;
- :func:`load_centre` — the centre's letterhead from a TOML/JSON file;
- :func:`check_glyphs` — characters no bundled font can draw (warn before printing);
- :func:`build_export_pdf` — a readable PDF of one person's stored data (PIPL copy).
"""

from __future__ import annotations

from advisor.letters.atomic import OutputError
from advisor.letters.centre import DEFAULT_CENTRE, Centre, CentreError, load_centre
from advisor.letters.environment import LetterTemplateError
from advisor.letters.export_pdf import build_export_pdf
from advisor.letters.fonts import FontError, check_glyphs
from advisor.letters.letter import LetterReport, build_letter, render_letter_bytes

__all__ = [
    "DEFAULT_CENTRE",
    "Centre",
    "CentreError",
    "FontError",
    "LetterReport",
    "LetterTemplateError",
    "OutputError",
    "build_export_pdf",
    "build_letter",
    "check_glyphs",
    "load_centre",
    "render_letter_bytes",
]
