"""Pure domain core: frozen dataclasses and functions, standard library and numpy only.

Nothing here reads files, the network, the database, the clock or the environment; callers pass
`now`/`as_of` in, and functions return explanations instead of logging them.
"""
