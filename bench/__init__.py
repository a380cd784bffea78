"""Benchmarks (one script each, run from the repository root) and ``bench.gen``, the data they and the tests share."""
