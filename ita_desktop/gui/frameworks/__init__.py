"""The window's framework parts: a framework file from the upper office imported, a report moved to another framework version."""
