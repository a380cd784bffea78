"""Generated job-board data, deterministic by seed: one world, rendered as records, files and boards."""
