"""The bundled letter fonts: coverage checks, lazy ReportLab registration, per-run fallback.

ReportLab draws nothing (silently) for a character its font lacks and has no font fallback of its
own. ``resources/fonts/fonts.json`` lists the bundled TrueType fonts in fallback order with the code
points each covers, so that :func:`check_glyphs` can name the characters no font has *before* a
letter is built, and :func:`wrap_runs` can put runs the main font lacks (CJK Ext-A/Ext-B name
characters, ✗ …) into ``<font name="…">`` of the first font that has them. Fallback fonts are only
registered with ReportLab when a letter needs them (the Ext-B one is 22 MB).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from advisor.paths import resources_dir

MAIN_FONT = "AdvisorSans"
_LOCK = threading.Lock()
# Characters that never need a glyph: a newline becomes <br/>, the rest are stripped before layout.
_NO_GLYPH_NEEDED = frozenset("\n")


class FontError(RuntimeError):
    """A bundled font is missing or unusable (an installation problem)."""


@dataclass(frozen=True)
class FontSpec:
    """One bundled font: its ReportLab name, file, face index and covered code points."""

    name: str
    path: Path
    subfont: int
    sha256: str
    chars: frozenset[str]


def fonts_dir() -> Path:
    """Where the bundled fonts and their licences live."""
    return resources_dir() / "fonts"


@cache
def font_specs() -> tuple[FontSpec, ...]:
    """The bundled fonts in fallback order (the first is the main letter font)."""
    folder = fonts_dir()
    try:
        manifest = json.loads((folder / "fonts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FontError(f"字体清单缺失或损坏 / font manifest missing or damaged: {folder / 'fonts.json'} "
                        f"({exc})") from None
    specs = []
    for f in manifest["fonts"]:
        chars = frozenset(chr(cp) for lo, hi in f["covers"] for cp in range(lo, hi + 1) if cp)
        specs.append(FontSpec(f["name"], folder / f["file"], int(f["subfont"]), f["sha256"], chars))
    if not specs or specs[0].name != MAIN_FONT:
        raise FontError(f"字体清单的第一个字体应为 {MAIN_FONT} / the first font must be {MAIN_FONT}")
    return tuple(specs)


def font_names() -> frozenset[str]:
    """Names a template may use in ``<font name=…>``."""
    return frozenset(s.name for s in font_specs())


_FONT_OF: dict[str, str | None] = {}


def font_of(ch: str) -> str | None:
    """The first bundled font that has a glyph for ``ch`` (None: no font has it)."""
    try:
        return _FONT_OF[ch]
    except KeyError:
        pass
    found = next((s.name for s in font_specs() if ch in s.chars), None)
    _FONT_OF[ch] = found
    return found


def check_glyphs(text: str) -> list[str]:
    """The distinct characters of ``text`` that no bundled font can draw, in order of appearance.

    Characters the letter pipeline strips (control characters, lone surrogates, bidi controls) are
    not reported: they never reach the page.
    """
    from advisor.letters.escape import clean

    main = font_specs()[0].chars
    cleaned = clean(text)
    if main.issuperset(cleaned):
        return []
    missing: dict[str, None] = {}
    for ch in cleaned:
        if ch not in main and ch not in _NO_GLYPH_NEEDED and font_of(ch) is None:
            missing[ch] = None
    return list(missing)


def describe_missing(chars: list[str], lang: str = "zh") -> str:
    """``字体缺少字符 X (U+…)`` for a warning."""
    listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
    return f"字体缺少字符：{listed}" if lang == "zh" else f"The fonts lack these characters: {listed}"


def wrap_runs(markup: str) -> str:
    """Put every run of characters the main font lacks into ``<font name=…>`` of a font that has it.

    ``markup`` is already escaped paragraph markup: entities and tags are ASCII, which the main font
    covers, so a run never cuts through them. Characters no font has stay in the main font (they are
    reported by :func:`check_glyphs`).
    """
    main = font_specs()[0].chars
    if main.issuperset(markup):
        return markup
    out: list[str] = []
    run: list[str] = []
    run_font = MAIN_FONT
    for ch in markup:
        f = MAIN_FONT if ch in main else (font_of(ch) or MAIN_FONT)
        if f != run_font:
            _flush(out, run, run_font)
            run, run_font = [], f
        run.append(ch)
    _flush(out, run, run_font)
    return "".join(out)


def _flush(out: list[str], run: list[str], font: str) -> None:
    if not run:
        return
    if font == MAIN_FONT:
        out.extend(run)
    else:
        ensure_registered(font)
        out.append(f'<font name="{font}">{"".join(run)}</font>')


class _Font(TTFont):
    """A TTFont whose ToUnicode map also encodes characters beyond the BMP (CJK Ext-B).

    ReportLab writes such code points as 5-digit hex, which is invalid: text extraction, search and
    copy-paste then lose the rare name characters. We rewrite each subset's map with UTF-16 pairs.
    """

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = _to_unicode_cmap(base, subset)


def _utf16_hex(cp: int) -> str:
    if cp <= 0xFFFF:
        return f"{cp:04X}"
    v = cp - 0x10000
    return f"{0xD800 + (v >> 10):04X}{0xDC00 + (v & 0x3FF):04X}"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n>> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def ensure_registered(name: str = MAIN_FONT) -> None:
    """Register one bundled font with ReportLab (once per process; thread-safe)."""
    if name in _REGISTERED:
        return
    spec = next((s for s in font_specs() if s.name == name), None)
    if spec is None:
        raise FontError(f"未知字体 / unknown font: {name}")
    with _LOCK:
        if name in _REGISTERED:
            return
        if not spec.path.is_file():
            raise FontError(f"缺少字体文件 / font file missing: {spec.path}")
        try:
            pdfmetrics.registerFont(_Font(name, str(spec.path), subfontIndex=spec.subfont))
        except Exception as exc:  # a damaged or foreign file: say which one
            raise FontError(f"字体文件无法使用 / unusable font file {spec.path}: {exc}") from None
        if name == MAIN_FONT:
            # One face only: <b>/<i> map to the same face instead of failing (emphasis uses size/colour).
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _REGISTERED.add(name)


_REGISTERED: set[str] = set()
