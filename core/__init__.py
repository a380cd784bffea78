"""The bottom layer: settings, the error root, logging and file helpers; imports nothing else of the project."""
