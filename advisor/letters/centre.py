"""The centre's letterhead: a small TOML or JSON file, or a generic default.

```toml
name = { zh = "朝阳区某街道社区服务中心", en = "Community Service Centre, Chaoyang" }
address = { zh = "北京市朝阳区某路1号", en = "1 Some Road, Chaoyang, Beijing" }
phone = "010-12345678"
hours = { zh = "周一至周五 9:00–17:00", en = "Mon–Fri 9:00–17:00" }
```

Each field is text for both languages or a ``{zh, en}`` table; only ``name`` is required. Unknown
keys and over-long values are refused with a message naming the field.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FIELD = 200
MAX_FILE = 64_000
_FIELDS = ("name", "address", "phone", "hours")


class CentreError(ValueError):
    """A centre file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Centre:
    """Letterhead values, each ``(zh, en)``; ``None`` = not given (a blank line to fill in by hand)."""

    name: tuple[str, str]
    address: tuple[str, str] | None = None
    phone: tuple[str, str] | None = None
    hours: tuple[str, str] | None = None
    configured: bool = True

    def get(self, field: str, lang: str) -> str | None:
        """One field in one language."""
        pair = getattr(self, field)
        if pair is None:
            return None
        return pair[1] if lang == "en" else pair[0]


DEFAULT_CENTRE = Centre(name=("社区公共服务咨询点", "Community advice point"), configured=False)


def _pair(value: Any, where: str) -> tuple[str, str]:
    if isinstance(value, str):
        pair = (value, value)
    elif isinstance(value, dict) and set(value) <= {"zh", "en"} and value:
        zh = value.get("zh", value.get("en"))
        en = value.get("en", value.get("zh"))
        if not isinstance(zh, str) or not isinstance(en, str):
            raise CentreError(f"{where}: zh/en 应为文字 / zh and en must be text")
        pair = (zh, en)
    else:
        raise CentreError(f"{where}: 应为文字或 {{zh, en}} / must be text or a {{zh, en}} table")
    for text in pair:
        if len(text) > MAX_FIELD:
            raise CentreError(f"{where}: 超过 {MAX_FIELD} 字 / longer than {MAX_FIELD} characters")
    return pair[0].strip(), pair[1].strip()


def centre_from_dict(data: Any, source: str = "centre") -> Centre:
    """Validate a parsed centre file (a ``[centre]`` table is accepted too)."""
    if isinstance(data, dict) and set(data) == {"centre"}:
        data = data["centre"]
    if not isinstance(data, dict):
        raise CentreError(f"{source}: 应为键值表 / must be a table of fields")
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise CentreError(f"{source}: 未知字段 / unknown field(s): {', '.join(unknown)} "
                          f"(allowed: {', '.join(_FIELDS)})")
    if "name" not in data:
        raise CentreError(f"{source}: 缺少 name / 'name' is required")
    values = {k: _pair(v, f"{source}: {k}") for k, v in data.items()}
    if not all(values["name"]):
        raise CentreError(f"{source}: name 不能为空 / 'name' must not be empty")
    return Centre(**values)


def load_centre(path: str | Path | None) -> Centre:
    """The centre described by a ``.toml`` or ``.json`` file; the generic default for ``None``."""
    if path is None:
        return DEFAULT_CENTRE
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CentreError(f"无法读取中心信息文件 / cannot read the centre file {p}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE:
        raise CentreError(f"{p}: 文件过大 / file too large (max {MAX_FILE} bytes)")
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        kind = "JSON" if p.suffix.lower() == ".json" else "TOML"
        raise CentreError(f"{p}: 格式错误 / not valid {kind}: {exc}") from None
    return centre_from_dict(data, str(p))


def as_centre(value: Centre | dict[str, Any] | str | Path | None) -> Centre:
    """Accept what callers have: a Centre, a dict, a path, or nothing."""
    if value is None or isinstance(value, Centre):
        return value or DEFAULT_CENTRE
    if isinstance(value, dict):
        return centre_from_dict(value)
    return load_centre(value)
