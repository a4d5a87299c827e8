from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.domain.dates import PartialDate, add_months, format_months, full_years, months_between


def test_partial_date_bounds():
    p = PartialDate.parse("2024-02")
    assert p.start() == date(2024, 2, 1)
    assert p.end() == date(2024, 2, 29)
    assert p.end_exclusive() == date(2024, 3, 1)
    assert str(p) == "2024-02"
    assert str(PartialDate.parse("2024-02-29")) == "2024-02-29"


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "2023-02-29", "24-01", "2024/01", "", "2024-00"])
def test_partial_date_rejects(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_months_between_examples():
    assert months_between(date(2016, 1, 1), date(2016, 7, 1)) == 6
    assert months_between(date(2016, 1, 1), date(2016, 6, 30)) == 5
    assert months_between(date(2020, 1, 31), date(2020, 2, 29)) == 1
    assert months_between(date(2020, 5, 1), date(2020, 4, 1)) == 0
    assert full_years(date(2020, 5, 1), date(2026, 5, 1)) == 6
    assert full_years(date(2020, 5, 1), date(2026, 4, 30)) == 5


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 600))
def test_add_months_is_the_exact_earliest_date(start, n):
    """months_between(start, add_months(start, n)) == n, and the day before gives n-1."""
    end = add_months(start, n)
    assert months_between(start, end) == n
    if n > 0:
        assert months_between(start, end - timedelta(days=1)) == n - 1


def test_format_months():
    assert format_months(71, "zh") == "5年11个月"
    assert format_months(13, "en") == "1 year 1 month"
    assert format_months(0, "zh") == "0个月"
    assert format_months(24, "en") == "2 years"
