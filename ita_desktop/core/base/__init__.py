"""The floor every other room stands on: errors with Thai messages, where files live, atomic file writes, the error log. Imports nothing else of the app."""
