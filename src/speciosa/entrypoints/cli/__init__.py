"""The `speciosa` command line (Typer)."""
