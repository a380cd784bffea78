"""FastAPI search service and web page over the index interface."""
