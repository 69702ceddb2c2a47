"""Withdrawal instruments (COWS, Handelsman's SOWS and OOWS): definitions parsed from reference
data, and scoring that explains every item."""
