"""SQLAlchemy implementations of the repository Protocols in `speciosa.services.repository_ports`
and `speciosa.services.clinical_repository_ports`."""
