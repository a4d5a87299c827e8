"""Render every example letter to PNG (pdftoppm) for people to look at, and check nothing overflows.

The PNGs land in ``test-artifacts/letters/`` (git-ignored). Automatic part: no ink outside the page
area (text frame, footer, and a few millimetres of margin for hanging punctuation).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from advisor.letters import build_letter
from advisor.letters.builder import MARGIN_TOP, MARGIN_X, PAGE_SIZE
from tests.conftest import example_case_paths
from tests.letters.conftest import ARTIFACTS

DPI = 72  # one pixel per point
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")


def _ink_outside(png, hang: float = 14) -> list[str]:
    img = Image.open(png).convert("L")
    w, h = img.size
    px = img.load()
    left, right = int(MARGIN_X - 8), int(PAGE_SIZE[0] - MARGIN_X + hang)  # boxes pad 6pt
    top, bottom = int(MARGIN_TOP - 3), h - 12
    problems = []
    for y in range(h):
        for x in list(range(0, left)) + list(range(right, w)):
            if px[x, y] < 200:
                problems.append(f"ink at x={x}, y={y}")
                break
    for y in list(range(0, top)) + list(range(bottom, h)):
        if any(px[x, y] < 200 for x in range(w)):
            problems.append(f"ink in the top/bottom margin at y={y}")
    return problems[:5]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", [p.stem for p in example_case_paths()])
def test_render_pages_to_png_without_overflow(examples, name, lang):
    _, case, result = next(e for e in examples if e[0] == name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}.{lang}-*.png"):
        old.unlink()
    pdf = ARTIFACTS / f"{name}.{lang}.pdf"
    report = build_letter(case, result, pdf, lang=lang)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(ARTIFACTS / f"{name}.{lang}")], check=True)
    pngs = sorted(ARTIFACTS.glob(f"{name}.{lang}-*.png"))
    assert len(pngs) == report.pages
    for png in pngs:
        assert _ink_outside(png) == [], png.name


def test_the_overflow_check_sees_ink_in_the_margin(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "x.pdf"
    c = Canvas(str(pdf), pagesize=PAGE_SIZE)
    c.rect(PAGE_SIZE[0] - 20, 400, 10, 10, fill=1)
    c.save()
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(tmp_path / "x")], check=True)
    assert _ink_outside(next(tmp_path.glob("x-*.png")))
