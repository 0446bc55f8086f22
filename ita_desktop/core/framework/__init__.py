"""The ITA framework of a year as data: the form file's definition and checks, and the catalog of frameworks this installation knows (bundled files and the office's own)."""
