"""Versioned reference data files (YAML); every row carries source and as_of."""
