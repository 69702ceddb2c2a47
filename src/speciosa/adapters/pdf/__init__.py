"""PDF rendering (WeasyPrint): real, selectable text with the charts as vector SVG."""
