"""Backup and restore: the database through its own tools (SQLite's online backup API,
PostgreSQL's pg_dump/pg_restore), the photo folder, and a manifest of counts and checksums."""
