"""Server-side SVG charts, shared by the web pages and the PDF report."""
