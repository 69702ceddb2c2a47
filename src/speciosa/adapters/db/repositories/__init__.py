"""SQLAlchemy implementations of the repository Protocols in
`speciosa.services.ports.foundation_repositories`
and `speciosa.services.ports.<feature>_repositories`."""
