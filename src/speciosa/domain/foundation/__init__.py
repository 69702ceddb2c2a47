"""What every feature stands on: accounts and access, consent, alerts, the audit trail,
sessions and sign-in, corrections, idempotency, reference rows and the errors."""
