"""Web page route modules, one per feature; `speciosa.entrypoints.web.router` includes them."""
