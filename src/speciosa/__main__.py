"""`python -m speciosa` runs the command-line interface."""

from speciosa.entrypoints.cli.main import run

run()
