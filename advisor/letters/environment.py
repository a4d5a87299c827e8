"""Letter templates: Jinja2's sandbox, autoescaping, strict undefined, and the zh/en strings.

Templates live in ``templates/letters/`` and produce *letter markup* (see ``builder.py``): block
elements holding ReportLab paragraph markup. Every ``{{ … }}`` value passes through
:func:`advisor.letters.escape.to_markup` (the environment's ``finalize``), so case text can never
become markup, whatever a template does with it. Strings for each language live beside the
templates in ``strings.<lang>.toml``; ``t("key", name=value)`` fills ``{name}`` placeholders by
plain substitution (never ``str.format``, which could reach attributes).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from advisor.letters.escape import to_markup
from advisor.paths import templates_dir

LANGS = ("zh", "en")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class LetterTemplateError(ValueError):
    """A template or strings file that cannot be used (an installation or editing problem)."""


def letters_templates_dir() -> Path:
    """The folder of letter templates and strings."""
    return templates_dir() / "letters"


def _check_jinja_version() -> None:
    parts = tuple(int(p) for p in re.findall(r"\d+", jinja2.__version__)[:3])
    if parts < (3, 1, 6):
        raise LetterTemplateError(f"Jinja2 >= 3.1.6 required (sandbox fixes), found {jinja2.__version__}")


@cache
def environment(folder: str | None = None) -> SandboxedEnvironment:
    """The sandboxed environment for a templates folder (default: the bundled one)."""
    _check_jinja_version()
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder or str(letters_templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=to_markup,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=False,
    )
    return env


@cache
def strings(lang: str, folder: str | None = None) -> dict[str, str]:
    """The flat ``section.key → text`` table for one language."""
    if lang not in LANGS:
        raise LetterTemplateError(f"不支持的语言 / unsupported language: {lang!r} (zh or en)")
    path = Path(folder or letters_templates_dir()) / f"strings.{lang}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LetterTemplateError(f"信函文字文件无法读取 / cannot read {path}: {exc}") from None
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for k, v in node.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict):
                walk(key + ".", v)
            elif isinstance(v, str):
                flat[key] = v
            else:
                raise LetterTemplateError(f"{path}: {key} must be text")

    walk("", data)
    return flat


class Strings:
    """``t(key, **values)`` for one language."""

    def __init__(self, lang: str, folder: str | None = None):
        self.lang = lang
        self._table = strings(lang, folder)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self._table[key]
        except KeyError:
            raise LetterTemplateError(f"信函文字缺少 / missing string {key!r} ({self.lang})") from None
        if not values:
            return text

        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                raise LetterTemplateError(f"string {key!r} ({self.lang}) needs a value for {{{name}}}")
            return str(values[name])

        return _PLACEHOLDER.sub(sub, text)


def render(template: str, context: dict[str, Any], folder: str | None = None) -> str:
    """Render one template to letter markup."""
    try:
        return environment(folder).get_template(template).render(context)
    except jinja2.TemplateError as exc:
        raise LetterTemplateError(f"信函模板出错 / letter template error in {template}: {exc}") from exc
