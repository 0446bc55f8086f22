"""Reports as files for other programs: the ita-report/1 JSON interchange format, and .xlsx/.csv tables for Excel."""
