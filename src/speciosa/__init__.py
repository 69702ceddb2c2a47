"""Speciosa: clinician-in-the-loop support for people tapering off opioids or kratom."""

__version__ = "0.1.0"
