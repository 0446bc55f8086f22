"""The report model and what belongs to it (issue 19 layout)."""
