"""Which rule pack each case is evaluated with: the one in force on its evaluation date.

Same rule as ``advisor.rules.store.pack_in_force`` — the pack active at the end of that day, else
(before any activation) the earliest one activated — but the activation history is read once and
each pack is rebuilt from the store once, however many thousand cases are evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from advisor.rules.pack import Pack
from advisor.rules.store import activations


@dataclass(frozen=True)
class PackRef:
    """A pack as the report names it."""

    pack: str
    version: str
    date: str
    sha256: str


class PackHistory:
    """The activation history of a rules store, with the packs it names (parsed on first use)."""

    def __init__(self, engine: Engine):
        history = activations(engine)
        self._days = [(when[:10], rec.sha256) for when, rec in history]
        self._content = {rec.sha256: rec.content_json for _when, rec in history}
        self._refs = {rec.sha256: PackRef(rec.pack_id, rec.version, rec.pack_date, rec.sha256) for _w, rec in history}
        self._packs: dict[str, Pack] = {}
        self._cache: dict[date, str] = {}

    def __bool__(self) -> bool:
        return bool(self._days)

    def shas(self) -> list[str]:
        """Every pack the history names, oldest activation first."""
        return list(dict.fromkeys(sha for _when, sha in self._days))

    def sha_on(self, day: date) -> str:
        """The content hash of the pack in force at the end of ``day``."""
        hit = self._cache.get(day)
        if hit is not None:
            return hit
        if not self._days:
            raise LookupError("the rules store holds no pack")
        iso = day.isoformat()
        chosen = self._days[0][1]
        for when, sha in self._days:
            if when <= iso:
                chosen = sha
        self._cache[day] = chosen
        return chosen

    def pack(self, sha256: str) -> Pack:
        """The pack with this hash, rebuilt from the store (once)."""
        pack = self._packs.get(sha256)
        if pack is None:
            pack = self._packs[sha256] = Pack.model_validate_json(self._content[sha256])
        return pack

    def content_json(self, sha256: str) -> str:
        """The pack's stored JSON (what a worker process rebuilds it from)."""
        return self._content[sha256]

    def ref(self, sha256: str) -> PackRef:
        """Name, version, date and hash of a pack."""
        return self._refs[sha256]
