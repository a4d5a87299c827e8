"""Names: stored as typed (only trimmed); searched through a normalised key (reliability.md C25).

The key is NFKC + casefold, every look-alike of the middle dot unified to U+00B7 (with no spaces
around it), and runs of whitespace (including the ideographic space U+3000) collapsed to one space.
The stored display name is never normalised: NFKC would turn a CJK compatibility ideograph into a
different code point.
"""

from __future__ import annotations

import re
import unicodedata

MIDDLE_DOT = "\u00b7"
# Separators people type between the parts of a transliterated name (after NFKC).
_SEPARATORS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u318d\u16eb\u2e31\u2e33.\u2024\u02d1\u05bc"
_SEP_RE = re.compile(rf"\s*[{re.escape(_SEPARATORS)}]\s*")
_SPACE_RE = re.compile(r"\s+")


def display_name(raw: str | None) -> str | None:
    """The name to store and show: exactly as typed, without leading/trailing whitespace."""
    if raw is None:
        return None
    trimmed = raw.strip()
    return trimmed or None


def name_key(raw: str | None) -> str:
    """The search key of a name (or of a search term): the same function on both sides."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFKC", raw).casefold()
    text = _SEP_RE.sub(MIDDLE_DOT, text)
    return _SPACE_RE.sub(" ", text).strip()
