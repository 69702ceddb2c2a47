"""Ports: the Protocols through which services reach storage and the outside world.

`outside` (clock, files, readers), `unit_of_work` (the transaction, every repository as an
attribute), and the repository ports of each feature. Adapters implement them; tests use the
fakes in `tests/fakes/`."""
