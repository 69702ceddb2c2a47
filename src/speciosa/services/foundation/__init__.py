"""Use cases every feature stands on: access checks, the audit trail, accounts, sign-in, consent,
alerts, backups, reference data, corrections and paging of timed records, a person's time."""
