"""Hyperpigmentation (mission 2): skin photos measured against the colour chart and the
affected-minus-reference trend."""
