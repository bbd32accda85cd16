"""The REST API under /api/: the same services and selectors as the web UI, over JSON."""
