"""Rebuild the bundled letter fonts from Debian's packages (run by hand; not used at run time).

    apt-get install -y fonts-wqy-microhei fonts-hanazono
    python resources/fonts/make_fonts.py

* ``wqy-microhei.ttc`` — copied unchanged (TrueType outlines; face 0 is the main letter font).
* ``fallback-a.ttf`` — the glyphs of HanaMinA (Hanazono Mincho A) for the code points the main font
  lacks in the blocks of ``BLOCKS_A``: CJK Ext-A, a few unified and compatibility ideographs,
  symbols such as ✗ and ☐.
* ``fallback-b.ttf`` — the glyphs of HanaMinB for CJK Ext-B (U+20000–U+2A6DF), rare name characters.

Both fallbacks are subsets with new family names (Hanazono is dual-licensed; we use it under the
Hanazono Font License, which allows modified copies; renaming also keeps us clear of the OFL's reserved
names). ``fonts.json`` records, for each font, its file, face index, SHA-256 and the code points it
covers as ``[first, last]`` ranges, so the app can check glyph coverage without parsing 20 MB fonts.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HANA_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
HANA_B = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_B = range(0x20000, 0x2A6E0)
# Blocks taken from HanaMinA where the main font has gaps: punctuation and symbols, CJK radicals and
# strokes, Ext-A, unified and compatibility ideographs, full-width forms.
BLOCKS_A = [(0x2000, 0x2BFF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3190, 0x31EF), (0x3200, 0x33FF),
            (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]


def ranges(cps: set[int]) -> list[list[int]]:
    """Sorted code points as [first, last] runs."""
    out: list[list[int]] = []
    for cp in sorted(cps):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def make_subset(src: Path, cps: set[int], dest: Path, family: str, note: str) -> set[int]:
    font = TTFont(src)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(cps))
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            name.removeNames(nameID=rec.nameID)
    for nid, text in ((1, family), (2, "Regular"), (3, family + ";subset"), (4, family),
                      (6, family.replace(" ", "")), (10, note)):
        name.setName(text, nid, 3, 1, 0x409)
        name.setName(text, nid, 1, 0, 0)
    font.save(dest)
    return set(TTFont(dest).getBestCmap())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    shutil.copyfile(WQY, HERE / "wqy-microhei.ttc")
    main_cmap = set(TTCollection(WQY).fonts[0].getBestCmap())
    a_cmap = set(TTFont(HANA_A, lazy=True).getBestCmap())
    b_cmap = set(TTFont(HANA_B, lazy=True).getBestCmap())
    want_a = {cp for cp in a_cmap - main_cmap if any(lo <= cp <= hi for lo, hi in BLOCKS_A)}
    want_b = {cp for cp in b_cmap if cp in EXT_B} - main_cmap
    # ReportLab may set a space in the current font at a line end: give the fallbacks one too.
    spaces = {0x20, 0xA0}
    want_a |= spaces & a_cmap
    want_b |= spaces & b_cmap
    got_a = make_subset(HANA_A, want_a, HERE / "fallback-a.ttf", "Advisor Fallback A",
                        "Subset of HanaMinA (Hanazono Mincho A, GlyphWiki Project), Hanazono Font License")
    got_b = make_subset(HANA_B, want_b, HERE / "fallback-b.ttf", "Advisor Fallback B",
                        "Subset of HanaMinB (Hanazono Mincho B, GlyphWiki Project), Hanazono Font License")
    manifest = {
        "note": "Written by make_fonts.py. Order = fallback order. 'covers' = code-point ranges of the cmap.",
        "fonts": [
            {"name": "AdvisorSans", "file": "wqy-microhei.ttc", "subfont": 0, "sha256": sha256(HERE / "wqy-microhei.ttc"),
             "covers": ranges(main_cmap)},
            {"name": "AdvisorFallbackA", "file": "fallback-a.ttf", "subfont": 0,
             "sha256": sha256(HERE / "fallback-a.ttf"), "covers": ranges(got_a & want_a)},
            {"name": "AdvisorFallbackB", "file": "fallback-b.ttf", "subfont": 0,
             "sha256": sha256(HERE / "fallback-b.ttf"), "covers": ranges(got_b & want_b)},
        ],
    }
    (HERE / "fonts.json").write_text(json.dumps(manifest, separators=(",", ":")) + "\n", encoding="utf-8")
    for f in manifest["fonts"]:
        size = (HERE / f["file"]).stat().st_size
        print(f"{f['file']}: {size / 1e6:.1f} MB, {sum(b - a + 1 for a, b in f['covers'])} code points")


if __name__ == "__main__":
    main()
