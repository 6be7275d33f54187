"""Run the processes of a Procfile together (``make serve-prod``): one command, every line's output prefixed with
its name, all stopped together on Ctrl-C / SIGTERM or as soon as one of them exits.

    python scripts/procfile.py [Procfile] [--only web,worker]

``TASK_WORKERS=N`` starts N processes of the ``worker`` line (task workers are separate processes, each taking one
job at a time from the queue).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


def read_procfile(path: Path) -> list[tuple[str, str]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, command = line.partition(":")
        entries.append((name.strip(), command.strip()))
    return entries


def pump(name: str, stream, width: int) -> None:
    for raw in iter(stream.readline, b""):
        sys.stdout.write(f"{name:<{width}} | {raw.decode('utf-8', 'replace')}")
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("procfile", nargs="?", default="Procfile")
    parser.add_argument("--only", default="", help="comma-separated names of the lines to run")
    args = parser.parse_args()
    entries = read_procfile(Path(args.procfile))
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        entries = [(name, command) for name, command in entries if name in wanted]
    expanded = []
    for name, command in entries:
        copies = int(os.environ.get("TASK_WORKERS", "1")) if name == "worker" else 1
        expanded += [(f"{name}.{n}" if copies > 1 else name, command) for n in range(1, copies + 1)]
    width = max(len(name) for name, _ in expanded)
    processes: list[tuple[str, subprocess.Popen]] = []
    for name, command in expanded:
        # Each in its own process group, so that stopping it stops its children (gunicorn's workers).
        process = subprocess.Popen(
            shlex.split(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes.append((name, process))
        threading.Thread(target=pump, args=(name, process.stdout, width), daemon=True).start()
        print(f"{name:<{width}} | démarré (pid {process.pid}) : {command}", flush=True)

    stopping = threading.Event()

    def stop(signum=None, frame=None):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    while not stopping.is_set():
        for name, process in processes:
            if process.poll() is not None:
                print(f"{name:<{width}} | arrêté (code {process.returncode}) : arrêt des autres", flush=True)
                status = process.returncode or 1
                stopping.set()
                break
        stopping.wait(0.5)
    for _name, process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for _name, process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return status


if __name__ == "__main__":
    sys.exit(main())
