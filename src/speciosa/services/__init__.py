"""Use cases: validate meaning, call the domain, own the transaction.

Services reach storage and the outside world only through Protocols: `ports.py` (the outside
world), `repository_ports.py` and `clinical_repository_ports.py` (storage), and
`unit_of_work_port.py` (the transaction).
"""
