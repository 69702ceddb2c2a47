"""Skin colour from calibrated photos: colour spaces, CIEDE2000, ITA°, skin indices, chart
correction, and the affected-minus-reference trend with its darkening rule. Pure numpy."""
