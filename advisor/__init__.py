"""Migrant Services Advisor: rules-as-data advice for migrant families in four Chinese megacities."""

__version__ = "0.1.0"
