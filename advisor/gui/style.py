"""Colours and small style helpers shared by the panes (status and tier badges use shape AND colour)."""

from __future__ import annotations

import html

ERROR = "#b3261e"
MUTED = "#5f6368"
CHANGED_BG = "#fff4c2"

# status → (badge shape, text colour, background)
STATUS_STYLE = {
    "eligible": ("●", "#0b6b2f", "#dcf2e3"),
    "eligible_later": ("◐", "#8a4b00", "#fdebd0"),
    "not_eligible": ("○", "#5f6368", "#ececec"),
    "needs_info": ("?", "#4a2fa0", "#e8e1fb"),
}
TIER_STYLE = {
    "primary": ("#0b6b2f", "#dcf2e3"),
    "secondary": ("#8a4b00", "#fdebd0"),
    "unverified": ("#b3261e", "#fbe3e1"),
}

STYLESHEET = f"""
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="help"] {{ color: {MUTED}; }}
QLabel[role="question"] {{ font-weight: bold; }}
QLabel[role="pagetitle"] {{ font-weight: bold; }}
QFrame[role="item"] {{ border: 1px solid #c8c8c8; border-radius: 4px; }}
QFrame[role="card"] {{ border: 1px solid #d0d0d0; border-radius: 6px; background: #ffffff; }}
QFrame[role="changed"] {{ background: {CHANGED_BG}; }}
QToolButton[role="step"] {{ padding: 3px 6px; border: 1px solid transparent; border-radius: 4px; }}
QToolButton[role="step"]:checked {{ border: 1px solid #1a73e8; background: #e8f0fe; font-weight: bold; }}
QToolButton[role="step"][hasErrors="true"] {{ color: {ERROR}; }}
"""


def esc(text: object) -> str:
    """Text made safe for a rich-text label (names and rule texts are never markup)."""
    return html.escape("" if text is None else str(text), quote=True)


def title_html(text: str) -> str:
    """A pane or page title (larger text)."""
    return f'<span style="font-size:large">{esc(text)}</span>'


def badge_html(status: str, text: str) -> str:
    """A status badge: shape and colour (readable in grey scale and for colour-blind users)."""
    shape, fg, bg = STATUS_STYLE.get(status, ("?", "#000000", "#ffffff"))
    return (f'<span style="color:{fg}; background-color:{bg}; font-weight:bold;">'
            f"&nbsp;<span style='font-size:x-large'>{shape}</span>&nbsp;{esc(text)}&nbsp;</span>")


def tier_html(tier: str, text: str) -> str:
    """A source-tier badge (官方原文 / 第三方 / 待核实)."""
    fg, bg = TIER_STYLE.get(tier, ("#000000", "#ffffff"))
    return f'<span style="color:{fg}; background-color:{bg};">&nbsp;{esc(text)}&nbsp;</span>'
