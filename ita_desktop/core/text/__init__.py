"""Thai text as the app handles it: Thai digits and Buddhist-era dates, text safety (control characters, bidi overrides), office names compared as a clerk sees them."""
