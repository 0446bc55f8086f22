"""The report editor: navigator, indicator forms, item cards, measures, photos, result sheet, finalise check, history."""
