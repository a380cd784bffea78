"""One pure ``parse(text) -> list[Draft]`` per input format."""
