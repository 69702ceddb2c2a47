"""Deterministic, realistic demo data: a clinic whose history shows every feature."""
