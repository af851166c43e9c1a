"""Demo content for a newcomer's first run: ``flask seed-demo``."""
