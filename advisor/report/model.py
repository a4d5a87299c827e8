"""From families' figures to the report: tallies (internal), then the publishable :class:`CentreReport`.

:class:`Tally` adds up :class:`~advisor.report.figures.CaseFigures` — exact counts, some of them
small. It never leaves the report package: :func:`publish` turns it into a :class:`CentreReport`, in
which every count is a :class:`Count` whose ``value`` is None where it must not be shown (fewer than
5 families, or complementary: see :mod:`advisor.report.suppress`). Tables, charts, the PDF and the
CSV are drawn from a ``CentreReport`` only, so they cannot print what it does not hold.

When a complement must be hidden, the all-cities figure goes before a city's own (a city's figures
are what the report is for), except among the families served, whose total is the headline.

Relations protected against subtraction (each is a relation of :func:`suppress.protect`):
families served by city add up to all cities; in each domain, families who asked plus those who did
not (never printed) make the families served; in each option kind, the four statuses add up to the
families assessed, and cities add up to all cities in every column; blocking conditions, unknown
facts and rule packs add up over cities (packs to the families served).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

from advisor.report.figures import STATUSES, BlockerKey, CaseFigures
from advisor.report.packs import PackHistory, PackRef
from advisor.report.suppress import THRESHOLD, protect
from advisor.rules.labels import condition_label, fact_label, owner_conditions
from advisor.rules.pack import Pack

CITY_ORDER = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")
ALL = "all"
DOMAIN_ORDER = ("residence_permit", "school", "health", "housing", "points", "social_security", "labour")


@dataclass(frozen=True)
class Filters:
    """What the report covers: evaluation dates (inclusive), a city, a district (None: any)."""

    date_from: date | None = None
    date_to: date | None = None
    city: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class Count:
    """A published count: ``value`` None means suppressed; ``share`` of its total when both are shown."""

    value: int | None
    share: float | None = None

    @property
    def shown(self) -> bool:
        """True when the number may be printed."""
        return self.value is not None


@dataclass(frozen=True)
class PackUse:
    """A rule pack and how many families were evaluated with it."""

    ref: PackRef
    families: Count


@dataclass(frozen=True)
class DemandRow:
    """A domain: families who asked about it, per scope (share of the families served there)."""

    domain: str
    cells: dict[str, Count]


@dataclass(frozen=True)
class SupplyRow:
    """An option kind in one scope: families assessed, and how many in each status."""

    kind: str
    assessed: Count
    statuses: dict[str, Count]


@dataclass(frozen=True)
class BlockerRow:
    """A condition that stopped families: its generic label, its rule, how many, how long still."""

    owner: str
    condition: str
    kind: str
    label: dict[str, str]
    owner_title: dict[str, str]
    families: Count
    median_months: float | None  # None: see ``months``
    months: str  # "shown"; "suppressed" (fewer than 5 of the families have a figure); "none" (not a wait)


@dataclass(frozen=True)
class FactRow:
    """A fact left unknown, with how many families."""

    fact: str
    label: dict[str, str]
    families: Count


@dataclass(frozen=True)
class CentreReport:
    """The publishable report: aggregates only, small cells already suppressed."""

    filters: Filters
    generated_on: date
    app_version: str
    scopes: tuple[str, ...]  # cities present, then "all" when there are several
    served: dict[str, Count]
    out_of_scope: Count
    withdrawn: Count
    unreadable: Count
    packs: tuple[PackUse, ...]
    demand: tuple[DemandRow, ...]
    supply: dict[str, tuple[SupplyRow, ...]]
    blockers: dict[str, tuple[BlockerRow, ...]]  # ranked, shown rows only
    blockers_hidden: dict[str, int]
    unknown_facts: dict[str, tuple[FactRow, ...]]
    facts_hidden: dict[str, int]
    threshold: int = THRESHOLD

    @property
    def total_served(self) -> Count:
        """Families served in the whole report."""
        return self.served.get(ALL) or (self.served[self.scopes[0]] if self.scopes else Count(0))

    @property
    def city_scopes(self) -> tuple[str, ...]:
        """The scopes that are cities (without "all")."""
        return tuple(s for s in self.scopes if s != ALL)


@dataclass
class Tally:
    """Exact counts over families (internal: holds small numbers; publish it with :func:`publish`)."""

    served: Counter[str] = field(default_factory=Counter)
    out_of_scope: int = 0
    asked: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    status: dict[str, dict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    blockers: dict[BlockerKey, dict[str, list[int | None]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    missing: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    packs: Counter[str] = field(default_factory=Counter)
    unreadable: int = 0
    withdrawn: int = 0

    def add(self, f: CaseFigures) -> None:
        """Count one family."""
        c = f.city
        self.served[c] += 1
        self.packs[f.pack_sha256] += 1
        for d in f.domains:
            self.asked[d][c] += 1
        if not f.in_scope:
            self.out_of_scope += 1
            return
        for kind, status in f.kinds.items():
            self.status[kind][c][status] += 1
        for key, months in f.blockers.items():
            self.blockers[key][c].append(months)
        for fact in f.missing:
            self.missing[fact][c] += 1

    def add_all(self, figures: Iterable[CaseFigures]) -> Tally:
        """Count many families; returns self."""
        for f in figures:
            self.add(f)
        return self


def _city_scopes(tally: Tally) -> list[str]:
    known = [c for c in CITY_ORDER if tally.served.get(c)]
    return known + sorted(c for c in tally.served if c not in CITY_ORDER and tally.served[c])


def _share(value: int | None, total: int | None) -> float | None:
    if value is None or total is None or total <= 0:
        return None
    return value / total


def _median(values: list[int | None]) -> tuple[float | None, str]:
    known = [v for v in values if v is not None]
    if not known:
        return None, "none"
    if len(known) < THRESHOLD:
        return None, "suppressed"
    return float(statistics.median(known)), "shown"


class _Labels:
    """Labels from the newest pack the report used that knows the item (by pack date, then version)."""

    def __init__(self, packs: list[Pack]):
        self.packs = sorted(packs, key=lambda p: (p.manifest.date, p.manifest.version), reverse=True)
        self._cond: dict[tuple[str, str, str | None], tuple[dict[str, str], dict[str, str], str]] = {}

    def condition(self, key: BlockerKey, city: str | None) -> tuple[dict[str, str], dict[str, str], str]:
        """(label, the rule's title, the option kind) of a blocking condition."""
        cache_key = (key[0], key[1], city)
        if cache_key not in self._cond:
            owner, cond = key
            found = None
            for pack in self.packs:
                hit = owner_conditions(pack, owner)
                if hit is not None:
                    found = (pack, hit[0])
                    break
            if found is None:
                self._cond[cache_key] = ({"zh": cond, "en": cond}, {"zh": owner, "en": owner}, "")
            else:
                pack, item = found
                label = condition_label(pack, owner, cond, city=city if city in CITY_ORDER[:4] else None,
                                        on=date.fromisoformat(pack.manifest.date))
                self._cond[cache_key] = (label, {"zh": item.title.zh, "en": item.title.en}, item.kind)
        return self._cond[cache_key]

    def fact(self, fact_id: str) -> dict[str, str]:
        """The question of a fact."""
        for pack in self.packs:
            if fact_id in pack.facts:
                return fact_label(pack, fact_id)
        return {"zh": fact_id, "en": fact_id}


def _column_table(counts: dict[str, int], scopes: list[str]) -> dict[str, int | None]:
    """Cells per city plus "all", with the relation "cities add up to all"; suppressed → None.
    A city with none is left out of its list, so its zero is known: never a complement; "all" is
    hidden before a city's own figure."""
    values: dict[Hashable, int] = {c: counts.get(c, 0) for c in scopes}
    values[ALL] = sum(values.values())
    relations = [[*((c, 1) for c in scopes), (ALL, -1)]]
    hidden = protect(values, relations, fixed=[c for c in scopes if values[c] == 0], prefer=[ALL])
    return {str(k): (None if k in hidden else v) for k, v in values.items()}


def publish(tally: Tally, history: PackHistory, filters: Filters, *, generated_on: date,
            app_version: str) -> CentreReport:
    """Suppress, label and rank: the report that may be printed."""
    cities = _city_scopes(tally)
    scopes = tuple(cities + ([ALL] if len(cities) > 1 else []))
    labels = _Labels([history.pack(sha) for sha in tally.packs])

    # families served: cities add up to all
    served_vals: dict[Hashable, int] = {c: tally.served[c] for c in cities}
    served_vals[ALL] = sum(served_vals.values())
    served_rel = [[*((c, 1) for c in cities), (ALL, -1)]]
    served_hidden = protect(served_vals, served_rel)
    # in each domain: asked + did not ask (never printed) = served, per city and for all
    demand_hidden: dict[str, set[Hashable]] = {}
    for _round in range(4):  # a domain may (rarely) have to hide a served cell: then do all again
        grown = False
        for d in DOMAIN_ORDER:
            values: dict[Hashable, int] = {}
            relations: list[list[tuple[Hashable, int]]] = []
            for s in [*cities, ALL]:
                asked = tally.asked[d][s] if s != ALL else sum(tally.asked[d][c] for c in cities)
                total = served_vals[s]
                values[("a", s)] = asked
                values[("n", s)] = total - asked
                relations.append([(("a", s), 1), (("n", s), 1), (("s", s), -1)])
            for s in [*cities, ALL]:
                values[("s", s)] = served_vals[s]
            for col in ("a", "n", "s"):
                relations.append([*(((col, c), 1) for c in cities), ((col, ALL), -1)])
            hidden = protect(values, relations, implicit=[("n", s) for s in [*cities, ALL]],
                             suppressed=[("s", s) for s in served_hidden], locked=[("s", s) for s in [*cities, ALL]],
                             prefer=[("a", ALL)])
            demand_hidden[d] = hidden
            extra = {k[1] for k in hidden if k[0] == "s"} - served_hidden
            if extra:
                served_hidden |= extra
                grown = True
        if not grown:
            break
    served = {s: Count(None if s in served_hidden else served_vals[s]) for s in [*cities, ALL] if s in scopes}
    demand = []
    for d in DOMAIN_ORDER:
        cells = {}
        for s in scopes:
            asked = tally.asked[d][s] if s != ALL else sum(tally.asked[d][c] for c in cities)
            value = None if ("a", s) in demand_hidden[d] else asked
            cells[s] = Count(value, _share(value, served[s].value))
        demand.append(DemandRow(d, cells))

    # option kinds: statuses add up to the families assessed; cities to all
    supply: dict[str, list[SupplyRow]] = {s: [] for s in scopes}
    from advisor.rules.schema import KINDS

    kinds = sorted(tally.status, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k))
    for kind in kinds:
        values = {}
        for c in cities:
            for st in STATUSES:
                values[(c, st)] = tally.status[kind][c][st]
            values[(c, "total")] = sum(tally.status[kind][c].values())
        for st in [*STATUSES, "total"]:
            values[(ALL, st)] = sum(values[(c, st)] for c in cities)
        relations = [[*(((s, st), 1) for st in STATUSES), ((s, "total"), -1)] for s in [*cities, ALL]]
        relations += [[*(((c, st), 1) for c in cities), ((ALL, st), -1)] for st in [*STATUSES, "total"]]
        # a city where nobody was assessed has no row: its zeros are known, never complements
        empty = [(c, st) for c in cities if values[(c, "total")] == 0 for st in [*STATUSES, "total"]]
        hidden = protect(values, relations, fixed=empty, prefer=[(ALL, st) for st in [*STATUSES, "total"]])
        for s in scopes:
            if values[(s, "total")] == 0:
                continue
            total = None if (s, "total") in hidden else values[(s, "total")]
            statuses = {}
            for st in STATUSES:
                v = None if (s, st) in hidden else values[(s, st)]
                statuses[st] = Count(v, _share(v, total))
            supply[s].append(SupplyRow(kind, Count(total), statuses))

    # blocking conditions: cities add up to all
    blockers: dict[str, list[BlockerRow]] = {s: [] for s in scopes}
    blockers_hidden = dict.fromkeys(scopes, 0)
    for key, per_city in tally.blockers.items():
        counts = {c: len(per_city.get(c, [])) for c in cities}
        shown = _column_table(counts, cities)
        for s in scopes:
            months = list(per_city.get(s, [])) if s != ALL else [m for c in cities for m in per_city.get(c, [])]
            if not months:
                continue
            value = shown[s]
            if value is None:
                blockers_hidden[s] += 1
                continue
            label, title, kind = labels.condition(key, s if s != ALL else None)
            median, shown_as = _median(months)
            blockers[s].append(BlockerRow(key[0], key[1], kind, label, title, Count(value), median, shown_as))
    for s in scopes:
        blockers[s].sort(key=lambda r: (-(r.families.value or 0), r.label["zh"], r.owner, r.condition))

    # facts left unknown: cities add up to all
    facts: dict[str, list[FactRow]] = {s: [] for s in scopes}
    facts_hidden = dict.fromkeys(scopes, 0)
    for fact, per_city in tally.missing.items():
        shown = _column_table({c: per_city.get(c, 0) for c in cities}, cities)
        for s in scopes:
            raw = per_city.get(s, 0) if s != ALL else sum(per_city.get(c, 0) for c in cities)
            if raw == 0:
                continue
            if shown[s] is None:
                facts_hidden[s] += 1
                continue
            facts[s].append(FactRow(fact, labels.fact(fact), Count(shown[s])))
    for s in scopes:
        facts[s].sort(key=lambda r: (-(r.families.value or 0), r.fact))

    # rule packs: they add up to the families served
    pack_vals: dict[Hashable, int] = {("p", sha): n for sha, n in tally.packs.items()}
    pack_vals[("s", ALL)] = served_vals[ALL]
    pack_hidden = protect(pack_vals, [[*((("p", sha), 1) for sha in tally.packs), (("s", ALL), -1)]],
                          suppressed=[("s", ALL)] if ALL in served_hidden else (), locked=[("s", ALL)])
    packs = tuple(PackUse(history.ref(sha), Count(None if ("p", sha) in pack_hidden else n))
                  for sha, n in sorted(tally.packs.items(), key=lambda kv: (history.ref(kv[0]).date,
                                                                             history.ref(kv[0]).version)))

    def alone(n: int) -> Count:
        return Count(None if 0 < n < THRESHOLD else n)

    return CentreReport(
        filters=filters, generated_on=generated_on, app_version=app_version, scopes=scopes, served=served,
        out_of_scope=alone(tally.out_of_scope), withdrawn=alone(tally.withdrawn), unreadable=alone(tally.unreadable),
        packs=packs, demand=tuple(demand), supply={s: tuple(v) for s, v in supply.items()},
        blockers={s: tuple(v) for s, v in blockers.items()}, blockers_hidden=blockers_hidden,
        unknown_facts={s: tuple(v) for s, v in facts.items()}, facts_hidden=facts_hidden)
