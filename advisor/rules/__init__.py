"""Rules as data: pack schema, strict loader, SQLite store, pure engine, points schemes."""
