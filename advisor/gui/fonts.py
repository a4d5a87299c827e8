"""The bundled CJK font, registered at start-up so Chinese renders on a PC with no CJK fonts."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

_FONT_SUFFIXES = (".ttc", ".ttf", ".otf")
_families: list[str] = []


def font_files(folder: Path) -> list[Path]:
    """Font files in fallback order: ``fonts.json``'s order when present, else main (.ttc) first."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _FONT_SUFFIXES)
    manifest = folder / "fonts.json"
    if manifest.is_file():
        try:
            order = [f["file"] for f in json.loads(manifest.read_text("utf-8")).get("fonts", [])]
        except (ValueError, KeyError, TypeError, OSError):
            order = []
        rank = {name: i for i, name in enumerate(order)}
        return sorted(files, key=lambda p: (rank.get(p.name, len(rank)), p.name))
    return sorted(files, key=lambda p: (p.suffix.lower() != ".ttc", p.name))


def register_fonts(folder: Path, *, first_only: bool = False) -> list[str]:
    """Register bundled fonts; return their family names (first = the main UI family).

    ``first_only`` registers just the main font (start-up); call again later for the fallbacks
    (rare-name characters), which are large and only needed once such a name is typed.
    """
    files = font_files(folder)
    if first_only:
        files = files[:1]
    for path in files:
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid < 0:
            continue
        fams = QFontDatabase.applicationFontFamilies(fid)
        # a .ttc holds a proportional and a monospaced face: the first is the UI family
        if fams and fams[0] not in _families:
            _families.append(fams[0])
    return list(_families)


def apply_app_font(app: QApplication, point_size: float) -> QFont:
    """Use the bundled families (with fallbacks) at a size as the application font."""
    font = QFont(app.font())
    if _families:
        font.setFamilies(_families + [f for f in font.families() if f not in _families])
    font.setPointSizeF(point_size)
    app.setFont(font)
    return font


def ui_families() -> list[str]:
    """The registered bundled families, main first."""
    return list(_families)
