"""Preview and print: the PDF preview dialog and the PDF thread's work (PDFium, printing)."""
