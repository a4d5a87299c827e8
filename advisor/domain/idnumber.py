"""PRC resident identity numbers (GB 11643-1999): MOD 11-2 check character and birth date."""

from __future__ import annotations

import unicodedata
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


class IdNumberError(ValueError):
    """An invalid ID number; ``code`` names the reason, ``zh``/``en`` say it in words."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en


def normalise_id_number(raw: str) -> str:
    """NFKC (full-width digits → ASCII), strip spaces, upper-case the check letter."""
    return "".join(unicodedata.normalize("NFKC", raw).split()).upper()


def check_char(body17: str) -> str:
    """The MOD 11-2 check character for a 17-digit body."""
    total = sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def birth_date_of(number: str) -> date:
    """The birth date encoded in positions 7-14 of an 18-character number."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate_id_number(raw: str, today: date | None = None) -> str:
    """Return the normalised number, or raise IdNumberError (length, characters, date, check)."""
    number = normalise_id_number(raw)
    if len(number) != 18:
        raise IdNumberError(
            "length", f"长度错误：身份证号应为18位，现为{len(number)}位",
            f"wrong length: an ID number has 18 characters, this has {len(number)}",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(
            "chars", "格式错误：前17位应为数字，最后一位为数字或X",
            "bad characters: the first 17 must be digits, the last a digit or X",
        )
    try:
        born = birth_date_of(number)
    except ValueError:
        raise IdNumberError(
            "birth_date", f"出生日期无效：{number[6:14]}", f"invalid birth date in the number: {number[6:14]}"
        ) from None
    if born.year < 1900 or born > (today or date.today()):
        raise IdNumberError(
            "birth_date", f"出生日期无效：{number[6:14]}", f"invalid birth date in the number: {number[6:14]}"
        )
    if check_char(number[:17]) != number[17]:
        raise IdNumberError("check", "校验位错误，请核对号码", "check digit wrong: please re-check the number")
    return number


def mask_id_number(number: str) -> str:
    """Mask the middle of an ID number for lists: ``110105********002X``."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
