"""A strict, safe YAML reader that remembers line numbers.

- Only plain data: no aliases or anchors (no alias bombs), no tags beyond the core types, no
  object construction (PyYAML's SafeLoader underneath).
- No YAML 1.1 surprises: dates stay strings (the schema checks them), and only ``true``/``false``
  are booleans (``no`` stays the string "no").
- Size and nesting are capped before and during parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 60
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlProblem(Exception):
    """A YAML file that cannot be read as plain data; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


_Base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading (libyaml when available) with YAML 1.2-style scalars; the node graph is checked
    for aliases, tags and depth in :func:`_check_graph` before anything is constructed."""


# YAML 1.2-style core schema: no octal "010", no sexagesimal "1:20", no yes/no/on/off, no timestamps.
_StrictLoader.yaml_implicit_resolvers = {}
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                                    list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+0123456789."))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])


def _check_graph(root: yaml.Node) -> None:
    """Refuse aliases (a node reached twice — this also stops alias bombs), foreign tags, deep nesting."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise YamlProblem("anchors and aliases (&name / *name) are not allowed in rule packs", line)
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise YamlProblem(f"YAML tag {node.tag!r} is not allowed (plain data only)", line)
        if depth > MAX_DEPTH:
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


@dataclass
class YamlDoc:
    """Parsed data plus the line of every mapping key and sequence item (by path)."""

    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line_for(self, loc: tuple[Any, ...]) -> int:
        """The line of the deepest known node on a pydantic error location (tags skipped)."""
        best = self.lines.get((), 1)
        path: tuple[Any, ...] = ()
        node = self.data
        for item in loc:
            if isinstance(node, dict) and item in node:
                node = node[item]
            elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
                node = node[item]
            else:
                continue  # discriminator tags and the like
            path = path + (item,)
            best = self.lines.get(path, best)
        return best


def _index(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int],
           problems: list[YamlProblem]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(YamlProblem(
                    f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark.line + 1))
            seen[key] = key_node.start_mark.line + 1
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines, problems)


def load_yaml(text: bytes | str) -> YamlDoc:
    """Parse one YAML document strictly; raise YamlProblem (with a line) on anything unsafe."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(f"file is {len(raw)} bytes; rule-pack files are limited to {MAX_FILE_BYTES}")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not UTF-8 text (byte {exc.start})") from None
    loader = _StrictLoader(decoded)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {})
        _check_graph(node)
        lines: dict[tuple[Any, ...], int] = {}
        problems: list[YamlProblem] = []
        _index(node, (), lines, problems)
        if problems:
            raise problems[0]
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or ""
        if "nesting depth" in str(problem) or "nesting depth" in str(exc):
            raise YamlProblem(f"nesting deeper than libyaml allows ({problem})", (mark.line + 1) if mark else 0) \
                from None
        raise YamlProblem(f"YAML syntax: {problem}", (mark.line + 1) if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise YamlProblem(f"cannot read value: {exc}") from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines)
