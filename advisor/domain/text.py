"""Bilingual text: every message the app shows exists in Chinese (default) and English."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

LANGS = ("zh", "en")


class LocalText(BaseModel):
    """A text in Chinese and English."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (falls back to Chinese)."""
        return self.en if lang == "en" else self.zh


def lt(zh: str, en: str) -> dict[str, str]:
    """A plain {zh, en} dict, the form results carry."""
    return {"zh": zh, "en": en}
