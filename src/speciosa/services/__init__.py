"""Use cases: validate meaning, call the domain, own the transaction.

Arranged like the domain, one package per feature: `foundation` (access, audit, accounts, consent,
alerts, a person's time), the features `withdrawal`, `sources`, `pigmentation`, `precautions`,
then `dosing` (which reads withdrawal scores and certificates), then `reports` (cross-feature read
models) and `demo`. A layers contract in pyproject.toml keeps the imports pointing that way.

Services reach storage and the outside world only through the Protocols in `ports`.
"""
