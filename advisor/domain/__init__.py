"""Domain layer: the case model, dates and result types. No I/O, no Qt."""
