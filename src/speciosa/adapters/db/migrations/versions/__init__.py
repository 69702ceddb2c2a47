"""Migration revisions, one file each."""
