"""Dates with month precision and the month arithmetic every duration rule relies on.

Case files may give ``YYYY-MM`` (month precision) or ``YYYY-MM-DD``. A month-precision start means
the 1st of that month and a month-precision end means its last day. Durations are counted in *full
months*: ``months_between(a, b)`` is the largest k with ``add_months(a, k) <= b``, so the earliest
date on which "N months since a" holds is exactly ``add_months(a, N)``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_PARTIAL_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date that may be known only to the month."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError naming what is wrong."""
        if not isinstance(text, str):
            raise ValueError("not a date string")
        m = _PARTIAL_RE.match(text.strip())
        if not m:
            raise ValueError("expected YYYY-MM or YYYY-MM-DD")
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        if year < 1900 or year > 2200:
            raise ValueError(f"year {year} out of range 1900-2200")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"day {day} does not exist in {year}-{month:02d}")
        return cls(year, month, day)

    @property
    def month_precision(self) -> bool:
        """True when only the month is known."""
        return self.day is None

    def start(self) -> date:
        """The first day this date can mean (the 1st for month precision)."""
        return date(self.year, self.month, self.day or 1)

    def end(self) -> date:
        """The last day this date can mean (the month's last day for month precision)."""
        if self.day is not None:
            return date(self.year, self.month, self.day)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def end_exclusive(self) -> date:
        """The day after :meth:`end` — the exclusive bound of a period ending here."""
        return self.end() + timedelta(days=1)

    def __str__(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_date(text: str) -> date:
    """Parse a full ``YYYY-MM-DD`` date."""
    p = PartialDate.parse(text)
    if p.day is None:
        raise ValueError("expected a full date YYYY-MM-DD")
    return p.start()


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """Length of a month (Gregorian leap years)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


def add_months(d: date, n: int) -> date:
    """Add n calendar months, clamping the day to the target month's length."""
    year, month0 = divmod(d.year * 12 + (d.month - 1) + n, 12)
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month0 + 1))
    return date(year, month0 + 1, day)


def month_index(d: date) -> int:
    """Months since year 0 (for fast month arithmetic)."""
    return d.year * 12 + d.month - 1


def months_between(a: date, b: date) -> int:
    """Full months from a to b: the largest k >= 0 with add_months(a, k) <= b (0 if b < a)."""
    if b <= a:
        return 0
    k = (b.year - a.year) * 12 + (b.month - a.month)
    while k > 0 and add_months(a, k) > b:
        k -= 1
    return k


def full_years(birth: date, on: date) -> int:
    """Age in completed years on a date (birthday counted on the day itself)."""
    return months_between(birth, on) // 12


def first_of_month(d: date) -> date:
    """The 1st of d's month."""
    return d.replace(day=1)


def format_months(months: int | float, lang: str) -> str:
    """A number of months in words: ``5年11个月`` / ``5 years 11 months``."""
    months = int(months)
    neg = months < 0
    months = abs(months)
    years, rest = divmod(months, 12)
    if lang == "zh":
        parts = []
        if years:
            parts.append(f"{years}年")
        if rest or not years:
            parts.append(f"{rest}个月")
        text = "".join(parts)
    else:
        parts = []
        if years:
            parts.append(f"{years} year{'s' if years != 1 else ''}")
        if rest or not years:
            parts.append(f"{rest} month{'s' if rest != 1 else ''}")
        text = " ".join(parts)
    return ("-" if neg else "") + text


def format_date(d: date, lang: str, precision: str = "day") -> str:
    """A date for families: ``2027年3月1日`` / ``1 March 2027`` (or month only)."""
    if lang == "zh":
        if precision == "month":
            return f"{d.year}年{d.month}月"
        return f"{d.year}年{d.month}月{d.day}日"
    month = calendar.month_name[d.month]
    if precision == "month":
        return f"{month} {d.year}"
    return f"{d.day} {month} {d.year}"
