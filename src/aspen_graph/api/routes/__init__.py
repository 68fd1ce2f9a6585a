"""Route modules: ``sparql`` (the protocol), ``queries`` (catalogue), ``meta`` (index, health)."""
