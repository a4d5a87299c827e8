"""Small-cell suppression with complementary suppression that survives subtraction.

A report table is a set of cells (counts of families) tied by linear relations — a row of statuses
adds up to the row's total, cities add up to "all cities", families who asked plus those who did
not make the families served. Hiding a cell of 1–4 families is not enough when the other cells of
a relation and its total are shown: subtraction gives it back. :func:`protect` therefore

1. suppresses every shown cell counting 1–4 families (primary suppression; 0 is shown: it is
   about nobody);
2. treats suppressed cells and *implicit* cells (never printed, but derivable — "did not ask") as
   unknowns of the table's relations and finds, by exact Gaussian elimination over the rationals,
   every unknown the shown numbers determine;
3. while a sensitive cell (1–4 families, shown or implicit) is determined, hides more shown cells
   around it — one cell of a relation it is in, or a "rectangle" (a cell in each of two of its
   relations and the cell tying those two) — choosing the option that leaves it, and then the
   fewest sensitive cells, undetermined at the least cost (cells shared with other tables last,
   zeros last — a reader may know them anyway — then sums the table can spare such as "all cities"
   first, then the fewest cells, then the smallest counts),
   and repeats (complementary suppression). Cells the reader knows whatever is printed (a zero
   shown as an absent row) are never complements.
   Complements are not marked: every suppressed cell prints as ``*``.

Exactness is linear: what remains is the usual interval knowledge (two suppressed cells whose sum
is known), never a single small count.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

THRESHOLD = 5

Relation = Sequence[tuple[Hashable, int]]  # cells and coefficients; the weighted sum is 0


def sensitive(value: int, threshold: int = THRESHOLD) -> bool:
    """A count that may not be shown (1 … threshold−1 families)."""
    return 0 < value < threshold


def determined(unknown: Sequence[Hashable], relations: Iterable[Relation]) -> set[Hashable]:
    """The unknown cells whose value the relations fix, given every other cell.

    Cell ``u`` is fixed iff the unit vector of ``u`` lies in the row space of the relations
    restricted to the unknowns: in reduced row echelon form, its pivot row has no other entry.
    Exact arithmetic (fractions): the relations' coefficients are small integers.
    """
    index = {k: i for i, k in enumerate(unknown)}
    rows: list[dict[int, Fraction]] = []
    for rel in relations:
        row: dict[int, Fraction] = {}
        for cell, coef in rel:
            i = index.get(cell)
            if i is not None:
                row[i] = row.get(i, Fraction(0)) + coef
        row = {i: v for i, v in row.items() if v}
        if row:
            rows.append(row)
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column -> its row (pivot entry 1)
    for row in rows:
        for c, prow in pivots.items():  # reduce by the pivots found so far
            f = row.get(c)
            if f:
                for j, v in prow.items():
                    nv = row.get(j, Fraction(0)) - f * v
                    if nv:
                        row[j] = nv
                    else:
                        row.pop(j, None)
        if not row:
            continue
        c = min(row)
        pv = row[c]
        row = {j: v / pv for j, v in row.items()}
        for other in pivots.values():  # keep the earlier pivot rows reduced
            f = other.get(c)
            if f:
                for j, v in row.items():
                    nv = other.get(j, Fraction(0)) - f * v
                    if nv:
                        other[j] = nv
                    else:
                        other.pop(j, None)
        pivots[c] = row
    return {unknown[c] for c, row in pivots.items() if len(row) == 1}


def protect(values: dict[Hashable, int], relations: Sequence[Relation], *, implicit: Iterable[Hashable] = (),
            suppressed: Iterable[Hashable] = (), locked: Iterable[Hashable] = (), fixed: Iterable[Hashable] = (),
            prefer: Iterable[Hashable] = (), threshold: int = THRESHOLD) -> set[Hashable]:
    """The shown cells to suppress so that no small count can be worked out from the rest.

    ``values``: every cell (shown and implicit). ``implicit``: cells never printed.
    ``suppressed``: cells already hidden (e.g. by another table sharing them; they are protected too).
    ``locked``: shown cells to choose for complementary suppression only when nothing else will do
    (cells shared with other tables, such as the families served). ``fixed``: cells the reader knows
    whatever is printed (a zero shown as an absent row): never complements. Zeros are complements only
    when nothing else will do. ``prefer``: cells to hide first when a complement is needed (a sum a
    reader can do without, such as "all cities", rather than a city's own figure).
    """
    implicit = set(implicit)
    locked = set(locked)
    fixed = set(fixed)
    prefer = set(prefer)
    order = {k: i for i, k in enumerate(values)}
    hidden = {k for k, v in values.items() if k not in implicit and sensitive(v, threshold)} | set(suppressed)
    guard = {k for k, v in values.items() if sensitive(v, threshold)} | set(suppressed)
    member: dict[Hashable, list[int]] = {}
    for i, rel in enumerate(relations):
        for cell, _coef in rel:
            member.setdefault(cell, []).append(i)

    def around(cell: Hashable, rel_ids: Iterable[int]) -> set[Hashable]:
        return {k for i in rel_ids for k, _ in relations[i]} - {cell}

    def shown_around(cell: Hashable, rel_ids: Iterable[int]) -> set[Hashable]:
        return around(cell, rel_ids) - hidden - implicit - fixed

    exposed = _exposed(hidden, implicit, relations, guard, order)
    while exposed:
        cell = exposed[0]
        rels = member.get(cell, [])
        options: list[frozenset[Hashable]] = [frozenset({k}) for k in shown_around(cell, rels)]
        # rectangles: a cell in each of two of its relations and a fourth tying those two
        # (cells already hidden may be corners: they cost nothing)
        for a_i, ra in enumerate(rels):
            for rb in rels[a_i + 1:]:
                for k1 in around(cell, [ra]):
                    for k2 in around(cell, [rb]):
                        for k3 in around(k1, member[k1]) & around(k2, member[k2]) - {cell}:
                            option = frozenset({k1, k2, k3}) - hidden - implicit
                            if option and not option & fixed:
                                options.append(option)
        if not options:  # nothing left to hide around it (cannot happen with a shown total)
            guard.discard(cell)
            exposed = _exposed(hidden, implicit, relations, guard, order)
            continue
        best = None
        for option in sorted(set(options), key=lambda o: sorted(order[k] for k in o)):
            left = _exposed(hidden | option, implicit, relations, guard, order)
            score = (cell in left, len(left), sum(k in locked for k in option), sum(values[k] == 0 for k in option),
                     sum(k not in prefer for k in option), len(option), sum(values[k] for k in option))
            if best is None or score < best[0]:
                best = (score, option, left)
        assert best is not None
        hidden |= best[1]
        exposed = best[2]
    return hidden - implicit
def _exposed(hidden: set[Hashable], implicit: set[Hashable], relations: Sequence[Relation], guard: set[Hashable],
             order: dict[Hashable, int]) -> list[Hashable]:
    """Protected cells that the shown numbers determine, in table order."""
    unknown = sorted(hidden | implicit, key=order.__getitem__)
    return sorted(determined(unknown, relations) & guard, key=order.__getitem__)
