"""Precautions: interaction checks, red-flag triage, legal status, the evidence registry and the
conditions that change which precautions a person sees. Pure: tables come in parsed, dates are
passed in."""
