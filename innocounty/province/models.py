"""The province view's own rows: the scoring method frozen per region and year, the province
bulletins. The counties' data stays in their plans; this app only reads it."""
