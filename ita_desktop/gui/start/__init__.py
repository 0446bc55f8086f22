"""The start screen: the report list and the new-report dialog."""
