"""Turn pydantic errors into one clear bilingual line per field — never a traceback."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.domain.case import Case

MAX_CASE_BYTES = 2_000_000


@dataclass(frozen=True)
class FieldError:
    """One problem: where (a dotted path) and why (zh and en)."""

    path: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        """``path: reason`` in one language."""
        return f"{self.path or '(case)'}: {self.en if lang == 'en' else self.zh}"


class CaseError(ValueError):
    """A case file that cannot be used; carries every field error found."""

    def __init__(self, errors: list[FieldError], source: str = ""):
        self.errors = errors
        self.source = source
        super().__init__("; ".join(e.text("en") for e in errors))

    def message(self, lang: str = "zh") -> str:
        """A one-paragraph message for the command line or a dialog."""
        head = (f"个案文件 {self.source} 有 {len(self.errors)} 处问题：" if lang == "zh"
                else f"The case file {self.source} has {len(self.errors)} problem(s): ")
        sep = "；" if lang == "zh" else "; "
        return head + sep.join(e.text(lang) for e in self.errors)


def _loc_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(item, str) and (item.startswith("function-") or item in _UNION_TAGS):
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


_UNION_TAGS = {"str", "int", "float", "bool", "list[union[str,int,float,bool]]", "none", "is-instance[PartialDate]"}

_SIMPLE = {
    "missing": ("缺少必填项", "required field is missing"),
    "extra_forbidden": ("未知字段（请检查拼写）", "unknown field (check the spelling)"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "int_type": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "float_type": ("应为数字", "must be a number"),
    "string_type": ("应为文字", "must be text"),
    "list_type": ("应为列表", "must be a list"),
    "dict_type": ("应为对象", "must be an object"),
    "model_type": ("应为对象", "must be an object"),
    "model_attributes_type": ("应为对象", "must be an object"),
    "none_required": ("应为空", "must be null"),
}


def _translate(err: dict[str, Any]) -> tuple[str, str]:
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if "zh" in ctx and "en" in ctx:
        return ctx["zh"], ctx["en"]
    if etype in _SIMPLE:
        return _SIMPLE[etype]
    if etype == "literal_error":
        expected = ctx.get("expected", "")
        return f"取值无效（可选：{expected}）", f"invalid value (allowed: {expected})"
    if etype in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}", f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if etype in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}", f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if etype == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字符）", f"too long (at most {ctx.get('max_length')} characters)"
    if etype == "string_too_short":
        return "不能为空", "must not be empty"
    if etype == "too_long":
        return f"条目太多（最多 {ctx.get('max_length')} 条）", f"too many entries (at most {ctx.get('max_length')})"
    return "取值无效", err.get("msg", "invalid value")


def errors_from_validation(exc: ValidationError) -> list[FieldError]:
    """Map a pydantic ValidationError to FieldErrors (deduplicated, in document order)."""
    seen: set[tuple[str, str]] = set()
    out: list[FieldError] = []
    for err in exc.errors(include_url=False):
        path = _loc_path(tuple(err["loc"]))
        zh, en = _translate(err)
        key = (path, en)
        if key not in seen:
            seen.add(key)
            out.append(FieldError(path, zh, en))
    return out


def parse_case(data: Any, source: str = "") -> Case:
    """Validate a decoded JSON object as a case; raise CaseError listing every problem."""
    if not isinstance(data, dict):
        raise CaseError([FieldError("", "个案文件应为 JSON 对象", "a case file must be a JSON object")], source)
    try:
        return Case.model_validate(data, strict=True)
    except ValidationError as exc:
        raise CaseError(errors_from_validation(exc), source) from None


def load_case_file(path: str | Path) -> Case:
    """Read, decode and validate a case file; every failure becomes a CaseError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseError([FieldError("", f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}")],
                        str(p)) from None
    if len(raw) > MAX_CASE_BYTES:
        raise CaseError([FieldError("", "文件过大", "file too large")], str(p))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CaseError([FieldError("", "文件不是 UTF-8 编码", "the file is not UTF-8")], str(p)) from None
    except json.JSONDecodeError as exc:
        raise CaseError([FieldError("", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列",
                                    f"not valid JSON: line {exc.lineno} column {exc.colno} ({exc.msg})")],
                        str(p)) from None
    return parse_case(data, str(p))


def case_to_json_dict(case: Case) -> dict[str, Any]:
    """The case as a JSON-ready dict in the file format (unknowns kept as null)."""
    return case.model_dump(mode="json")
