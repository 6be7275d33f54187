"""The one benchmark harness: ``python -m bench run --db sqlite|postgres --scale small|200k|1m [--only NAME]``.

Discovers the workloads (every module of ``bench/`` with a ``run(scale, db)`` function), runs each in its own
process (``python -m bench one NAME``), prints its measures, ratios and checks, adds the process's peak memory,
and writes everything to ``var/bench/<db>-<scale>.json``. Exits non-zero when a check differs (a workload whose
result is not its reference's: a fast wrong answer never counts) or a workload fails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, SCALES, VAR, peak_mb

NOT_WORKLOADS = {"common", "harness", "dataset", "__main__", "views", "urls", "settings"}
# The order they run in (quick and independent first); workloads not listed run after, by name.
ORDER = ["numbering", "eligibility", "recompute", "indicators", "pages", "load", "import_register", "backup"]


def discover() -> list[str]:
    import bench

    names = []
    for info in pkgutil.iter_modules(bench.__path__):
        if info.name in NOT_WORKLOADS or info.name.startswith("_"):
            continue
        source = (Path(bench.__path__[0]) / f"{info.name}.py").read_text(encoding="utf-8")
        if "\ndef run(" in source:
            names.append(info.name)
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def run_one(name: str, scale: str, db: str) -> None:
    """Child process: run one workload and print its result as JSON on the last line."""
    module = importlib.import_module(name if "." in name else f"bench.{name}")
    start = time.perf_counter()
    result = module.run(scale, db)
    result = result.as_dict() if hasattr(result, "as_dict") else result
    result["wall_s"] = round(time.perf_counter() - start, 2)
    result["process_peak_mb"] = round(peak_mb())
    result["children_peak_mb"] = round(peak_mb(children=True))
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result, default=str) + "\n")


def _fmt_rate(entry: dict) -> str:
    if entry.get("rate") is None:
        return ""
    return f"{entry['rate']:,.0f} {entry.get('unit', 'rows')}/s"


def report(name: str, result: dict) -> bool:
    print(f"\n== {name}: {result.get('title', '')}  ({result.get('wall_s', '?')} s, peak "
          f"{result.get('process_peak_mb', '?')} MB, its children {result.get('children_peak_mb', '?')} MB)")  # fmt: skip
    for m in result.get("measures", []):
        runs = ", ".join(f"{r:.3f}" for r in m["runs_s"][:5]) + (", …" if len(m["runs_s"]) > 5 else "")
        peak = f"  peak {m['peak_mb']} MB" if m.get("peak_mb") is not None else ""
        ref = " (reference)" if m.get("reference") else ""
        if "p99_ms" in m:
            runs = f"p95 {m['p95_ms']} ms, p99 {m['p99_ms']} ms, errors {m['errors']} of {m['requests']}"
        print(f"   {m['name']:<46} median {m['median_s']:9.3f} s  {_fmt_rate(m):>18}{peak}   [{runs}]{ref}")
    for r in result.get("ratios", []):
        verdict = "" if r["met"] is None else ("  met" if r["met"] else "  NOT met")
        goal = f"  (goal {r['goal']})" if r.get("goal") else ""
        print(f"   ratio {r['name']:<52} {r['value']:8.3f}{goal}{verdict}")
    ok = True
    for c in result.get("checks", []):
        if not c["equal"]:
            ok = False
        mark = "same" if c["equal"] else "DIFFERENT"
        print(f"   check {c['name']:<52} {mark}: ours {c['ours']!s:.60}  reference {c['reference']!s:.60}")
    for note in result.get("notes", []):
        print(f"   note: {note}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the workloads")
    run.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run.add_argument("--scale", choices=sorted(SCALES), default="small")
    run.add_argument("--only", default="", help="comma-separated workload names")
    run.add_argument("--skip", default="", help="comma-separated workload names not to run")
    sub.add_parser("list", help="list the workloads found")
    one = sub.add_parser("one", help="(internal) run one workload in this process")
    one.add_argument("name")
    one.add_argument("--db", required=True)
    one.add_argument("--scale", required=True)
    args = parser.parse_args(argv)

    if args.command == "list":
        print("\n".join(discover()))
        return 0
    if args.command == "one":
        run_one(args.name, args.scale, args.db)
        return 0

    names = discover()
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        names += [n for n in wanted if "." in n]  # a workload outside bench/, by its module path
        unknown = set(wanted) - set(names)
        if unknown:
            parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}; found: {', '.join(names)}")
        names = [n for n in names if n in wanted]
    skipped = {n.strip() for n in args.skip.split(",") if n.strip()}
    names = [n for n in names if n not in skipped]
    print(f"bench: db={args.db} scale={args.scale} workloads={', '.join(names)}")
    VAR.mkdir(parents=True, exist_ok=True)
    results, failed = {}, []
    for name in names:
        child = subprocess.run(
            [sys.executable, "-m", "bench", "one", name, "--db", args.db, "--scale", args.scale],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        marker = child.stdout.rfind("@@RESULT@@")
        if child.returncode or marker < 0:
            failed.append(name)
            print(f"\n== {name}: FAILED (exit {child.returncode})\n{child.stdout[-1500:]}{child.stderr[-3000:]}")
            results[name] = {"error": child.stderr[-3000:]}
            continue
        result = json.loads(child.stdout[marker + len("@@RESULT@@") :])
        results[name] = result
        if not report(name, result):
            failed.append(name)
    # One file per database and scale, each workload's latest result kept (a run with --only updates its own).
    out = Path(os.environ.get("BENCH_RESULTS", VAR)) / f"{args.db}-{args.scale}.json"
    saved = json.loads(out.read_text()) if out.exists() else {"results": {}}
    when = time.strftime("%Y-%m-%d %H:%M:%S")
    for result in results.values():
        result["when"] = when
    saved.update({"db": args.db, "scale": args.scale, "results": {**saved["results"], **results}})
    out.write_text(json.dumps(saved, indent=1, default=str))
    print(f"\nresults: {out}")
    if failed:
        print(f"FAILED or DIFFERENT from the reference: {', '.join(failed)}")
        return 1
    print("every workload matched its reference")
    return 0
