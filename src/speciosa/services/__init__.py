"""Use cases: validate meaning, call the domain, own the transaction.

Services reach storage and the outside world only through the Protocols in `ports.py`.
"""
