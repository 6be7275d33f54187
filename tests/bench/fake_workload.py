"""A workload for tests/bench/test_harness.py: its answer is FAKE_ANSWER, its reference's 42."""

import os

from bench.common import Result


def run(scale: str, db: str) -> Result:
    if os.environ.get("FAKE_ANSWER") == "crash":
        raise RuntimeError("the workload failed")
    result = Result("a fake workload")
    result.measure("ours", [0.2, 0.1, 0.3], count=100)
    result.measure("reference", [0.1, 0.1, 0.1], count=100, reference=True)
    result.ratio("ours / reference (rows/s)", 0.5, ">= 0.35")
    result.check("sum of the amounts", int(os.environ["FAKE_ANSWER"]), 42)
    return result
