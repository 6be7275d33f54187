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


def markdown(saved: dict) -> str:
    """Every workload's saved result as Markdown: one table of measures, then its ratios and checks."""
    out = []
    for name, result in saved["results"].items():
        if "error" in result:
            out.append(f"### `{name}`: failed\n")
            continue
        out.append(
            f"### `{name}` — {result['title']} ({saved['db']}, {saved['scale']}, {result.get('when', '')}, "
            f"code {result.get('code', '?')})\n"
        )
        load = any("p99_ms" in m for m in result["measures"])
        if load:
            out.append("| page | clients | requests/s | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|---|")
            for m in result["measures"]:
                page, _, clients = m["name"].rpartition(", ")
                out.append(f"| {page} | {clients.split()[0]} | {m['rate']:,.0f} | {m['median_s'] * 1000:.0f} ms | "
                           f"{m['p95_ms']:.0f} ms | {m['p99_ms']:.0f} ms | {m['errors']} |")  # fmt: skip
        elif result["measures"]:
            out.append("| measure | median | rate | peak | runs |\n|---|---|---|---|---|")
            for m in result["measures"]:
                rate = _fmt_rate(m)
                peak = f"{m['peak_mb']} MB" if m.get("peak_mb") is not None else ""
                ref = " *(reference)*" if m.get("reference") else ""
                runs = ", ".join(f"{r:.3g}" for r in m["runs_s"][:5])
                out.append(f"| {m['name']}{ref} | {m['median_s']:.3f} s | {rate} | {peak} | {runs} |")
        if result["ratios"]:
            out.append("\n| ratio | value | goal | met |\n|---|---|---|---|")
            for r in result["ratios"]:
                met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
                out.append(f"| {r['name']} | {r['value']:,.3g} | {r['goal'] or ''} | {met} |")
        checks = result.get("checks", [])
        if checks:
            same = sum(c["equal"] for c in checks)
            out.append(f"\nChecks: {same} of {len(checks)} equal to the reference"
                       + ("" if same == len(checks) else " — **DIFFERENT**: "
                          + "; ".join(c["name"] for c in checks if not c["equal"])) + ".")  # fmt: skip
        out.append(f"Process peak {result.get('process_peak_mb')} MB; wall {result.get('wall_s')} s.\n")
    return "\n".join(out)


def code_version() -> str:
    """The commit the figures were measured on (« -dirty » with uncommitted changes), so that a table names its code."""
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=10", "--exclude=*"], cwd=ROOT,
                              capture_output=True, text=True, check=False, timeout=10)  # fmt: skip
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the workloads")
    run.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run.add_argument("--scale", choices=sorted(SCALES), default="small")
    run.add_argument("--only", default="", help="comma-separated workload names")
    run.add_argument("--skip", default="", help="comma-separated workload names not to run")
    sub.add_parser("list", help="list the workloads found")
    rep = sub.add_parser("report", help="the saved results as Markdown tables (docs/benchmarks.md)")
    rep.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    rep.add_argument("--scale", choices=sorted(SCALES), default="small")
    one = sub.add_parser("one", help="(internal) run one workload in this process")
    one.add_argument("name")
    one.add_argument("--db", required=True)
    one.add_argument("--scale", required=True)
    args = parser.parse_args(argv)

    if args.command == "list":
        print("\n".join(discover()))
        return 0
    if args.command == "report":
        print(markdown(json.loads((Path(os.environ.get("BENCH_RESULTS", VAR)) / f"{args.db}-{args.scale}.json")
                                  .read_text())))  # fmt: skip
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
    code = code_version()
    print(f"bench: db={args.db} scale={args.scale} code={code} workloads={', '.join(names)}")
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
        result["when"], result["code"] = when, code
    saved.update({"db": args.db, "scale": args.scale, "results": {**saved["results"], **results}})
    out.write_text(json.dumps(saved, indent=1, default=str))
    print(f"\nresults: {out}")
    if failed:
        print(f"FAILED or DIFFERENT from the reference: {', '.join(failed)}")
        return 1
    print("every workload matched its reference")
    return 0
