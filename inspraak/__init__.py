"""inspraak package."""
