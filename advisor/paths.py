"""One place that finds bundled resources and the per-user data folder.

Works from a source checkout, an installed package, or a PyInstaller bundle (``sys._MEIPASS``).
``ADVISOR_HOME`` overrides the data folder (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding ``resources/`` and ``templates/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    here = Path(__file__).resolve().parent.parent
    if (here / "resources").is_dir():
        return here
    return Path(sys.prefix) / "share" / "advisor"


def resources_dir() -> Path:
    """Bundled resources: rule packs, fonts, icons, translations."""
    return app_root() / "resources"


def templates_dir() -> Path:
    """Letter templates."""
    return app_root() / "templates"


def bundled_rules_dir() -> Path:
    """The rule pack shipped with the app."""
    return resources_dir() / "rules"


def data_dir() -> Path:
    """Per-user data folder (created on first use)."""
    env = os.environ.get("ADVISOR_HOME")
    if env:
        path = Path(env)
    else:
        from platformdirs import user_data_dir  # imported here: start-up time matters, and tests set ADVISOR_HOME

        path = Path(user_data_dir("migrant-services-advisor", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def rules_db_path() -> Path:
    """The SQLite rules store."""
    return data_dir() / "rules.db"
