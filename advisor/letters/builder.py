"""Letter markup → ReportLab flowables → PDF bytes, with "page X of Y" and provenance on every page.

Templates produce *letter markup*: an XML document ``<letter>…</letter>`` of block elements, each
holding ReportLab paragraph markup. Only the tags and attributes below are accepted; anything else
(``<img>``, ``<a href>``, ``<link>``, unknown fonts, colour expressions) is rejected before
ReportLab sees it. Case text cannot add tags at all: it arrives escaped.

Blocks: ``title h1 h2 h3 p small box item bullet step check rule space pagebreak keep table/row/cell``.
Inline: ``b i u strike super sub br font(name|face, size, color=#rrggbb)``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import HRFlowable

from advisor.letters.fonts import MAIN_FONT, ensure_registered, font_names
from advisor.rules.wording import STATUS_BADGES

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#1f4e79")
STATUS_COLOURS = {
    "eligible": colors.HexColor("#1b7f3b"),
    "eligible_later": colors.HexColor("#b35c00"),
    "not_eligible": colors.HexColor("#a11d2b"),
    "needs_info": colors.HexColor("#1f5fa8"),
}

_INLINE: dict[str, set[str]] = {
    "b": set(), "i": set(), "u": set(), "strike": set(), "super": set(), "sub": set(), "br": set(),
    "font": {"name", "face", "size", "color"},
}
_LEAF_BLOCKS: dict[str, set[str]] = {
    "title": {"align"}, "h1": set(), "h2": set(), "h3": set(), "p": {"align"}, "small": {"align"},
    "box": {"tone"}, "item": {"badge"}, "bullet": {"level", "small"}, "step": {"n"}, "check": set(),
    "rule": set(), "space": {"h"}, "pagebreak": {"only_on_first"}, "cell": {"align"},
}
_CONTAINERS: dict[str, tuple[set[str], set[str]]] = {  # tag -> (attributes, allowed children)
    "letter": (set(), set(_LEAF_BLOCKS) - {"cell"} | {"keep", "table"}),
    "keep": (set(), set(_LEAF_BLOCKS) - {"cell"} | {"table"}),
    "table": ({"widths", "header", "size"}, {"row"}),
    "row": (set(), {"cell"}),
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


class MarkupError(ValueError):
    """Template output that is not valid, allow-listed letter markup."""


# ---------------------------------------------------------------------------------------------
# styles


# Chinese punctuation that must not start a line (GB/T 15834); ReportLab's table lacks the full-width
# comma, semicolon, colon, ! and ?, closing quotes and book-title marks, and the ellipsis.
_CANNOT_START = "\uff0c\uff1b\uff1a\uff01\uff1f\u300b\u3009\u300f\u300d\u3015\u2026\u201d\u2019\uff3d\uff5d"


def _configure_reportlab() -> None:
    """Process-wide ReportLab settings the letters rely on (idempotent).

    - CJK wrapping hangs the marks above in the margin instead of starting a line with them (both of
      ReportLab's CJK wrappers read a module-level table, one copy each: we add to both);
    - page streams are zlib-compressed without the ASCII85 layer (smaller files, ~5% faster).
    """
    rl_config.useA85 = 0
    for module in (rl_paragraph, rl_textsplit):
        missing = "".join(c for c in _CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles (CJK line breaking everywhere)."""
    ensure_registered(MAIN_FONT)
    _configure_reportlab()
    base = ParagraphStyle("body", fontName=MAIN_FONT, fontSize=10.5, leading=15, textColor=INK,
                          wordWrap="CJK", spaceAfter=2, allowWidows=0, allowOrphans=0, bulletFontName=MAIN_FONT)

    def s(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    st = {
        "p": base,
        "title": s("title", fontSize=17, leading=23, textColor=ACCENT, spaceAfter=4),
        "h1": s("h1", fontSize=13.5, leading=19, textColor=ACCENT, spaceBefore=9, spaceAfter=3),
        "h2": s("h2", fontSize=12, leading=17, textColor=INK, spaceBefore=7, spaceAfter=2),
        "h3": s("h3", fontSize=10.5, leading=15, textColor=ACCENT, spaceBefore=4, spaceAfter=1),
        "small": s("small", fontSize=8.5, leading=12, textColor=MUTED),
        "box": s("box", borderWidth=0.8, borderColor=ACCENT, borderPadding=(5, 6, 5, 6),
                 backColor=colors.HexColor("#eef3f8"), spaceBefore=7, spaceAfter=8),
        "box_warn": s("box_warn", borderWidth=0.8, borderColor=STATUS_COLOURS["not_eligible"],
                      borderPadding=(5, 6, 5, 6), backColor=colors.HexColor("#fbeeee"), spaceBefore=7,
                      spaceAfter=8),
        "step": s("step", leftIndent=16, bulletIndent=2, spaceAfter=3),
        "check": s("check", leftIndent=17, spaceAfter=3),
        "cell": s("cell", fontSize=9, leading=12.5, spaceAfter=0),
        "footer": s("footer", fontSize=7, leading=9, textColor=MUTED, spaceAfter=0),
    }
    for level in range(4):
        st[f"bullet{level}"] = s(f"bullet{level}", leftIndent=12 + 12 * level, bulletIndent=2 + 12 * level,
                                 spaceAfter=1.5)
        st[f"bullet{level}_small"] = ParagraphStyle(f"bullet{level}_small", parent=st["small"],
                                                    leftIndent=10 + 10 * level, bulletIndent=1 + 10 * level,
                                                    spaceAfter=1)
    for status, colour in STATUS_COLOURS.items():
        st[f"item_{status}"] = s(f"item_{status}", leftIndent=15, bulletIndent=0, bulletColor=colour,
                                 bulletFontName=MAIN_FONT, bulletFontSize=11.5, spaceAfter=3)
    return st


# ---------------------------------------------------------------------------------------------
# flowables


class LeaveFirstPage(Spacer):
    """A page break that only happens on page 1: what follows never shares the family's page."""

    def __init__(self) -> None:
        super().__init__(0, 0)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._doctemplateAttr("page") == 1:
            frame = self._doctemplateAttr("frame")
            if frame is not None:
                frame.add_generated_content(FrameBreak)
        return 0, 0


class CheckItem(Flowable):
    """A tick box drawn as a graphic (fonts lack ☐) beside a paragraph; splits across pages."""

    def __init__(self, para: Paragraph, box: bool = True):
        super().__init__()
        self.para = para
        self.box = box
        self.indent = para.style.leftIndent

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.para.wrap(aw, ah)
        self.width, self.height = aw, h
        return aw, h

    def split(self, aw: float, ah: float) -> list[Flowable]:
        parts = self.para.split(aw, ah)
        if not parts:
            return []
        return [CheckItem(parts[0], self.box)] + [CheckItem(p, False) for p in parts[1:]]

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.para.getSpaceAfter()

    def draw(self) -> None:
        canv = self.canv
        if self.box:
            st = self.para.style
            size = st.fontSize * 0.95
            top = self.height - (st.leading - st.fontSize) / 2 - 0.5
            canv.saveState()
            canv.setStrokeColor(INK)
            canv.setLineWidth(0.8)
            canv.rect(1, top - size, size, size, stroke=1, fill=0)
            canv.restoreState()
        self.para.drawOn(canv, 0, 0)


def _attrs(el: ET.Element, allowed: set[str]) -> dict[str, str]:
    extra = set(el.attrib) - allowed
    if extra:
        raise MarkupError(f"<{el.tag}>: attribute(s) not allowed: {', '.join(sorted(extra))}")
    return dict(el.attrib)


def _check_inline(el: ET.Element) -> None:
    for child in el:
        if child.tag not in _INLINE:
            raise MarkupError(f"<{el.tag}>: tag <{child.tag}> not allowed in text")
        a = _attrs(child, _INLINE[child.tag])
        if child.tag == "font":
            for key in ("name", "face"):
                if key in a:
                    if a[key] not in font_names():
                        raise MarkupError(f"<font {key}={a[key]!r}>: not a bundled font")
                    ensure_registered(a[key])
            if "size" in a and not _NUMBER.match(a["size"]):
                raise MarkupError(f"<font size={a['size']!r}>: not a number")
            if "color" in a and not _HEX.match(a["color"]):
                raise MarkupError(f"<font color={a['color']!r}>: use #rrggbb")
        _check_inline(child)


def _inner(el: ET.Element) -> str:
    """The paragraph markup inside a block (text, inline children, their tails)."""
    _check_inline(el)
    return xml_escape(el.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in el)


def _number_attr(a: dict[str, str], key: str, default: float, lo: float, hi: float) -> float:
    if key not in a:
        return default
    if not _NUMBER.match(a[key]) or not lo <= float(a[key]) <= hi:
        raise MarkupError(f"{key}={a[key]!r}: expected a number from {lo} to {hi}")
    return float(a[key])


_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


def _styled(base: ParagraphStyle, a: dict[str, str]) -> ParagraphStyle:
    if "align" not in a:
        return base
    if a["align"] not in _ALIGN:
        raise MarkupError(f"align={a['align']!r}: left, right or center")
    return ParagraphStyle(base.name + "_" + a["align"], parent=base, alignment=_ALIGN[a["align"]])


def _block(el: ET.Element, width: float) -> list[Flowable]:
    tag = el.tag
    st = styles()
    if tag == "keep":
        _attrs(el, _CONTAINERS["keep"][0])
        return [KeepTogether(_children(el, "keep", width))]
    if tag == "table":
        return [_table(el, width)]
    if tag not in _LEAF_BLOCKS:
        raise MarkupError(f"unknown block <{tag}>")
    a = _attrs(el, _LEAF_BLOCKS[tag])
    if tag == "pagebreak":
        if a.get("only_on_first", "0") not in ("0", "1"):
            raise MarkupError("<pagebreak only_on_first=…>: 0 or 1")
        return [LeaveFirstPage() if a.get("only_on_first") == "1" else PageBreak()]
    if tag == "space":
        return [Spacer(1, _number_attr(a, "h", 6, 0, 200))]
    if tag == "rule":
        return [HRFlowable(width="100%", thickness=0.6, color=MUTED, spaceBefore=3, spaceAfter=5)]
    text = _inner(el)
    if tag in ("title", "p", "small"):
        return [Paragraph(text, _styled(st[tag], a))]
    if tag in ("h1", "h2"):
        # Never leave a heading alone at the bottom of a page.
        return [CondPageBreak(60), Paragraph(text, st[tag])]
    if tag == "h3":
        return [Paragraph(text, st[tag])]
    if tag == "box":
        tone = a.get("tone", "info")
        if tone not in ("info", "warn"):
            raise MarkupError(f"<box tone={tone!r}>: info or warn")
        return [Paragraph(text, st["box_warn" if tone == "warn" else "box"])]
    if tag == "item":
        badge = a.get("badge", "")
        if badge not in STATUS_BADGES:
            raise MarkupError(f"<item badge={badge!r}>: one of {', '.join(STATUS_BADGES)}")
        return [Paragraph(text, st[f"item_{badge}"], bulletText=STATUS_BADGES[badge])]
    if tag == "bullet":
        level = int(_number_attr(a, "level", 0, 0, 3))
        small = "_small" if a.get("small") == "1" else ""
        return [Paragraph(text, st[f"bullet{level}{small}"], bulletText="•")]
    if tag == "step":
        n = a.get("n", "")
        if not re.fullmatch(r"[0-9A-Za-z]{1,4}", n):
            raise MarkupError(f"<step n={n!r}>: a short number")
        return [Paragraph(text, st["step"], bulletText=f"{n}.")]
    if tag == "check":
        return [CheckItem(Paragraph(text, st["check"]))]
    raise MarkupError(f"<{tag}> is not allowed here")


def _table(el: ET.Element, width: float) -> Table:
    a = _attrs(el, _CONTAINERS["table"][0])
    rows = []
    aligns: list[tuple[int, int, str]] = []
    base = styles()["cell"]
    size = _number_attr(a, "size", base.fontSize, 6, 14)
    cell_style = ParagraphStyle(f"cell{size}", parent=base, fontSize=size, leading=size * 1.38)
    for r, row in enumerate(el):
        if row.tag != "row":
            raise MarkupError(f"<table> holds <row>, not <{row.tag}>")
        _attrs(row, set())
        cells = []
        for c, cell in enumerate(row):
            if cell.tag != "cell":
                raise MarkupError(f"<row> holds <cell>, not <{cell.tag}>")
            ca = _attrs(cell, _LEAF_BLOCKS["cell"])
            cells.append(Paragraph(_inner(cell), _styled(cell_style, ca)))
            if ca.get("align") == "right":
                aligns.append((r, c, "RIGHT"))
        rows.append(cells)
    if not rows:
        raise MarkupError("<table> without rows")
    ncols = max(len(r) for r in rows)
    for r in rows:
        r.extend(Paragraph("", cell_style) for _ in range(ncols - len(r)))
    if "widths" in a:
        try:
            parts = [float(x) for x in a["widths"].split(",")]
        except ValueError:
            raise MarkupError(f"<table widths={a['widths']!r}>: comma-separated numbers") from None
        if len(parts) != ncols or any(p <= 0 for p in parts):
            raise MarkupError(f"<table widths={a['widths']!r}>: one positive number per column")
        col_widths = [width * p / sum(parts) for p in parts]
    else:
        col_widths = [width / ncols] * ncols
    header = a.get("header", "0") == "1"
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), MAIN_FONT),  # cells hold Paragraphs; this keeps Helvetica out
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c8c8c8")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    table = Table(rows, colWidths=col_widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT",
                  spaceBefore=3, spaceAfter=6)
    table.setStyle(TableStyle(cmds))
    return table


def _children(el: ET.Element, container: str, width: float) -> list[Flowable]:
    allowed = _CONTAINERS[container][1]
    out: list[Flowable] = []
    if (el.text or "").strip():
        raise MarkupError(f"<{container}>: text outside a block: {el.text.strip()[:40]!r}")
    for child in el:
        if child.tag not in allowed:
            raise MarkupError(f"<{child.tag}> not allowed in <{container}>")
        out.extend(_block(child, width))
        if (child.tail or "").strip():
            raise MarkupError(f"<{container}>: text outside a block: {child.tail.strip()[:40]!r}")
    return out


def frame_width() -> float:
    """The text width of a page."""
    return PAGE_SIZE[0] - 2 * MARGIN_X


def parse(markup: str) -> list[Flowable]:
    """Letter markup → flowables; :class:`MarkupError` for anything not allow-listed."""
    if "<!" in markup or "<?" in markup:
        raise MarkupError("declarations, DOCTYPE and processing instructions are not allowed")
    try:
        # Our own template output with declarations refused above: no DTD, so no entity expansion.
        root = ET.fromstring(markup)  # noqa: S314
    except ET.ParseError as exc:
        raise MarkupError(f"letter markup is not well-formed: {exc}") from None
    if root.tag != "letter":
        raise MarkupError(f"the root must be <letter>, not <{root.tag}>")
    _attrs(root, set())
    return _children(root, "letter", frame_width())


# ---------------------------------------------------------------------------------------------
# the document


@dataclass
class Footer:
    """What every page carries at the bottom: provenance (left), page X of Y (right), a short line."""

    left: str  # paragraph markup
    page_label: Callable[[int, int], str]  # (page, pages) -> paragraph markup
    second: str = ""  # paragraph markup
    pages: int = field(default=0, init=False)

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        st = styles()["footer"]
        right = ParagraphStyle("footer_r", parent=st, alignment=TA_RIGHT)
        w = frame_width()
        y = MARGIN_BOTTOM - 9 * mm
        label = Paragraph(self.page_label(page, pages), right)
        _, lh = label.wrap(32 * mm, 20 * mm)
        label.drawOn(canv, MARGIN_X + w - 32 * mm, y)
        left = Paragraph(self.left, st)
        _, h = left.wrap(w - 34 * mm, 20 * mm)
        left.drawOn(canv, MARGIN_X, y + lh - h)
        if self.second:
            second = Paragraph(self.second, st)
            _, h2 = second.wrap(w, 20 * mm)
            second.drawOn(canv, MARGIN_X, y - h2 - 1)
        canv.saveState()
        canv.setStrokeColor(colors.HexColor("#b0b0b0"))
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, y + lh + 2.5, MARGIN_X + w, y + lh + 2.5)
        canv.restoreState()


class _NumberedCanvas(Canvas):
    """Keeps every page until the end, then draws the footer with the final page count."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        self._footer.pages = total
        for i, state in enumerate(self._page_states, 1):
            self.__dict__.update(state)
            self._footer.draw(self, i, total)
            Canvas.showPage(self)
        Canvas.save(self)


@dataclass(frozen=True)
class DocMeta:
    """Fixed PDF metadata: never a person's name."""

    title: str
    subject: str = ""
    lang: str = "zh-CN"


def build_pdf(flowables: list[Flowable], footer: Footer, meta: DocMeta) -> tuple[bytes, int]:
    """Lay out the flowables on A4 pages; return the PDF bytes and the page count (deterministic)."""
    ensure_registered(MAIN_FONT)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, invariant=1, pageCompression=1, title=meta.title, author="",
        subject=meta.subject, creator="Migrant Services Advisor", producer="Migrant Services Advisor",
        keywords="", lang=meta.lang, initialFontName=MAIN_FONT, initialFontSize=10.5,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, frame_width(), PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(flowables, canvasmaker=partial(_NumberedCanvas, footer=footer))
    return buf.getvalue(), footer.pages
