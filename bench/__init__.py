"""Benchmarks: one harness (``python -m bench run``), each workload beside its reference in the same run."""
