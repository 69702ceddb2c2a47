"""Adapters: each wraps one outside library or resource (database, files, hashing, clock)."""
