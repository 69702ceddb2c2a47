"""API route modules, one per feature; `speciosa.entrypoints.api.router` includes them."""
