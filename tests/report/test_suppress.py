"""Small-cell suppression: primary (1-4 families), complementary (no subtraction gives one back)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.report.suppress import determined, protect, sensitive


def grid(counts: list[list[int]]):
    """A table with row totals and a total row: cells (r, c), margins at index len()."""
    rows, cols = len(counts), len(counts[0])
    values = {}
    for r in range(rows):
        for c in range(cols):
            values[(r, c)] = counts[r][c]
        values[(r, cols)] = sum(counts[r])
    for c in range(cols + 1):
        values[(rows, c)] = sum(values[(r, c)] for r in range(rows))
    relations = [[*(((r, c), 1) for c in range(cols)), ((r, cols), -1)] for r in range(rows + 1)]
    relations += [[*(((r, c), 1) for r in range(rows)), ((rows, c), -1)] for c in range(cols + 1)]
    return values, relations


def test_sensitive_is_one_to_four():
    assert [sensitive(v) for v in (0, 1, 4, 5, 100)] == [False, True, True, False, False]


def test_determined_finds_what_subtraction_gives():
    # a + b = 10 with b known: a is fixed; a + b = 10 with both unknown: neither
    rel = [[("a", 1), ("b", 1), ("t", -1)]]
    assert determined(["a"], rel) == {"a"}
    assert determined(["a", "b"], rel) == set()
    # a chain: a = t1 - b, b = t2 - c with c known: both fixed
    rel2 = [[("a", 1), ("b", 1), ("t1", -1)], [("b", 1), ("c", 1), ("t2", -1)]]
    assert determined(["a", "b"], rel2) == {"a", "b"}


def test_one_small_cell_in_a_column_takes_the_smallest_other_with_it():
    values = {"bj": 40, "sh": 3, "gz": 12, "sz": 9, "all": 64}
    hidden = protect(values, [[("bj", 1), ("sh", 1), ("gz", 1), ("sz", 1), ("all", -1)]])
    assert hidden == {"sh", "sz"}


def test_a_small_cell_in_a_table_with_margins_hides_a_rectangle():
    values, relations = grid([[50, 3, 20], [40, 30, 25], [60, 45, 35]])
    hidden = protect(values, relations)
    assert (0, 1) in hidden and len(hidden) == 4
    rows = {r for r, _ in hidden}
    cols = {c for _, c in hidden}
    assert len(rows) == 2 and len(cols) == 2  # a rectangle
    assert not determined(sorted(hidden), relations) & {(0, 1)}


def test_zeros_shown_as_absent_are_never_complements():
    values = {"bj": 0, "sh": 3, "gz": 12, "sz": 9, "all": 24}
    relation = [[("bj", 1), ("sh", 1), ("gz", 1), ("sz", 1), ("all", -1)]]
    assert protect(values, relation) == {"sh", "sz"}  # zeros come last: a reader may know them anyway
    assert protect(values, relation, fixed=["bj"]) == {"sh", "sz"}
    # a printed zero is used when nothing else is left; a zero shown as absence never is
    values = {"bj": 0, "sh": 3, "gz": 9, "all": 12}
    relation = [[("bj", 1), ("sh", 1), ("gz", 1), ("all", -1)]]
    assert protect(values, relation, locked=["gz", "all"]) == {"sh", "bj"}
    assert protect(values, relation, locked=["gz", "all"], fixed=["bj"]) == {"sh", "gz"}


def test_an_implicit_small_complement_is_protected():
    """97 of 100 families asked: "3 did not" must not follow from the figures shown."""
    values = {("a", "bj"): 97, ("n", "bj"): 3, ("s", "bj"): 100,
              ("a", "sh"): 40, ("n", "sh"): 20, ("s", "sh"): 60,
              ("a", "gz"): 30, ("n", "gz"): 30, ("s", "gz"): 60,
              ("a", "all"): 167, ("n", "all"): 53, ("s", "all"): 220}
    places = ("bj", "sh", "gz", "all")
    relations = [[(("a", p), 1), (("n", p), 1), (("s", p), -1)] for p in places]
    relations += [[*(((col, p), 1) for p in ("bj", "sh", "gz")), ((col, "all"), -1)] for col in "ans"]
    implicit = [("n", p) for p in places]
    hidden = protect(values, relations, implicit=implicit, locked=[("s", p) for p in places])
    assert ("a", "bj") in hidden
    assert not any(k[0] == "s" for k in hidden)  # the families served stay printed
    assert ("n", "bj") not in determined(sorted(hidden | set(implicit)), relations)


def test_nothing_to_hide():
    values, relations = grid([[50, 0, 20], [40, 30, 25]])
    assert protect(values, relations) == set()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=4).filter(
    lambda rows: len({len(r) for r in rows}) == 1))
def test_no_small_cell_is_shown_or_derivable(counts):
    values, relations = grid(counts)
    hidden = protect(values, relations)
    small = {k for k, v in values.items() if 0 < v < 5}
    assert small <= hidden
    assert not determined(sorted(hidden), relations) & small
    # and no relation of the printed table has exactly one hidden cell
    for rel in relations:
        assert sum(k in hidden for k, _ in rel) != 1


def test_grid_sizes_stay_fast():
    values, relations = grid([[v % 7 for v in range(i, i + 5)] for i in range(6)])
    hidden = protect(values, relations)
    assert {k for k, v in values.items() if 0 < v < 5} <= hidden
    assert all(sum(k in hidden for k, _ in rel) != 1 for rel in relations)
    assert list(itertools.islice(hidden, 1))
