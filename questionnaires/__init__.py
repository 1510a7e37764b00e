"""questionnaires package."""
