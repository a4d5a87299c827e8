"""The guided interview: pages in conversation order, one question row per fact of the catalogue."""
