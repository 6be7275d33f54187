"""The benchmark harness fails the run when a workload's result differs from its reference's (a fast wrong answer
never counts), finds the workload modules of bench/ by their run(scale, db), and reports medians."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.common import Result
from bench.harness import discover

ROOT = Path(__file__).resolve().parent.parent.parent


def _bench(answer: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FAKE_ANSWER": answer, "BENCH_RESULTS": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "bench", "run", "--db", "sqlite", "--scale", "small", "--only",
         "tests.bench.fake_workload"], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(("answer", "code", "says"), [
    ("42", 0, "every workload matched its reference"),
    ("41", 1, "DIFFERENT"),
    ("crash", 1, "FAILED"),
])  # fmt: skip
def test_the_run_fails_when_a_result_differs_from_its_reference(answer, code, says, tmp_path):
    done = _bench(answer, tmp_path)
    assert done.returncode == code, done.stdout + done.stderr
    assert says in done.stdout
    if answer == "42":
        assert "median     0.200 s" in done.stdout  # the median of the three runs, not the best
        saved = json.loads((tmp_path / "sqlite-small.json").read_text())
        assert saved["results"]["tests.bench.fake_workload"]["checks"][0]["equal"] is True
        # The figures name the code they were measured on (the commit, « -dirty » with changes not committed).
        head = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        if head.returncode == 0:
            code = saved["results"]["tests.bench.fake_workload"]["code"]
            assert code.startswith(head.stdout.strip()) and f"code={code}" in done.stdout


def test_every_workload_of_bench_is_found_and_the_helpers_are_not():
    found = discover()
    assert {"import_register", "eligibility", "recompute", "numbering", "pages", "load", "backup"} <= set(found)
    assert not {"common", "harness", "dataset", "settings", "urls"} & set(found)


def test_a_ratio_knows_its_goal():
    result = Result("x")
    result.ratio("faster", 0.4, ">= 0.35")
    result.ratio("slower", 1.3, "<= 1.2")
    result.check("same", [1, 2], [1, 2])
    data = result.as_dict()
    assert [r["met"] for r in data["ratios"]] == [True, False]
    assert data["checks"][0]["equal"] is True
