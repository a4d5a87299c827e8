"""The desktop app (PySide6): the only package that imports Qt.

Every call into the core (rules, domain, later the case store and letters) goes through one adapter,
:mod:`advisor.gui.services`; the widgets never import core modules themselves. Slow work (loading the
rule pack, evaluating) runs off the GUI thread (:mod:`advisor.gui.worker`).
"""
