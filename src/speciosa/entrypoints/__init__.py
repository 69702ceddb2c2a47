"""Entrypoints: the JSON API, the server-rendered web pages and the command line."""
