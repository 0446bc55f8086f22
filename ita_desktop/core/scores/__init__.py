"""The agency's result sheet beyond the data: reading a pasted or imported sheet, and charts (as plain data) of the scores against the pass mark."""
