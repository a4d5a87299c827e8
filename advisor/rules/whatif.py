"""Hypothetical changes to a case ("what if"), applied to a copy — the saved case never changes."""

from __future__ import annotations

import copy
import re
from typing import Any

from advisor.domain.case import Case
from advisor.domain.validation import parse_case

_PART = re.compile(r"^([a-z_][a-z0-9_]*)(\[(\*|\d+|\+)\])?$")


class ChangeError(ValueError):
    """A change that cannot be applied (bad path, or the result is not a valid case)."""


def _set(node: Any, parts: list[str], value: Any) -> None:
    head, rest = parts[0], parts[1:]
    m = _PART.match(head)
    if not m:
        raise ChangeError(f"bad path part {head!r}")
    key, index = m.group(1), m.group(3)
    if not isinstance(node, dict):
        raise ChangeError(f"cannot set {key!r} inside a non-object")
    if index is None:
        if not rest:
            node[key] = copy.deepcopy(value)
            return
        if node.get(key) is None:
            node[key] = {}
        _set(node[key], rest, value)
        return
    items = node.get(key)
    if items is None:
        items = node[key] = []
    if index == "+":
        if rest:
            raise ChangeError("[+] appends a whole item; give the item as the value")
        items.append(copy.deepcopy(value))
        return
    targets = range(len(items)) if index == "*" else [int(index)]
    for i in targets:
        if i >= len(items):
            raise ChangeError(f"{key}[{i}] does not exist")
        if rest:
            _set(items[i], rest, value)
        else:
            items[i] = copy.deepcopy(value)


def apply_changes(case: Case, changes: dict[str, Any]) -> Case:
    """A new, validated case with ``path: value`` changes applied (``a.b[*].c``, ``a.list[+]``)."""
    data = case.model_dump(mode="json")
    for path, value in changes.items():
        _set(data, path.split("."), value)
    return parse_case(data, "what-if")
