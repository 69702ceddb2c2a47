"""Server-rendered web pages (Jinja2), mobile-first, working without JavaScript."""
