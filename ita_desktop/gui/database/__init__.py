"""The database file: backups and restore, a damaged or locked database, the one-writer notice."""
