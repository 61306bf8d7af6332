"""`make run`: the development server and the background worker, started and stopped together.

One command for both: Ctrl-C (SIGINT) or SIGTERM stops both; if one of them ends on its own,
the other is stopped too and the exit code is the first one's. Before starting, the daily
jobs are put in the queue once (manage.py schedule_jobs; repeated runs add nothing).

    python tools/run.py --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    options = parser.parse_args()

    subprocess.run(manage("schedule_jobs"), check=True, cwd=ROOT)
    # Each child in its own process group: Ctrl-C reaches this script, which stops both
    # once (the worker would otherwise take a second Ctrl-C as "terminate the task").
    children = [
        subprocess.Popen(
            manage("runserver", f"{options.host}:{options.port}"),
            cwd=ROOT,
            start_new_session=True,
        ),
        subprocess.Popen(
            manage("db_worker", "--interval", "1", "--no-reload"),
            cwd=ROOT,
            start_new_session=True,
        ),
    ]

    def on_signal(signum, _frame):
        print(f"\n{signal.strsignal(signum)} – Server und Worker werden beendet.", flush=True)
        stop(children)
        sys.exit(0)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while True:
        for child in children:
            code = child.poll()
            if code is not None:
                print(f"Prozess {child.args[2]} endete mit {code}; der andere wird beendet.")
                stop(children)
                return code
        time.sleep(0.5)


if __name__ == "__main__":
    os.environ.setdefault("DEBUG", "1")
    sys.exit(main())
