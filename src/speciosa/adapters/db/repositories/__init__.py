"""SQLAlchemy implementations of the repository Protocols in `speciosa.services.ports`."""
