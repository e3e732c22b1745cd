"""Run a piece of Python in a child process with a wall-clock timeout and a memory cap.

Used by the tests on hostile or huge inputs: a quadratic algorithm or an
unbounded allocation shows up as a timeout or a MemoryError in the child,
never as a flaky timing assertion in the test process.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Generous bounds: the inputs used take well under a second when the code is
#: linear and many minutes (or gigabytes) when it is not.
TIMEOUT_SECONDS = 60
MEMORY_BYTES = 3 * 1024**3


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_bounded(
    args: list[str] | None = None,
    code: str | None = None,
    cwd: str | os.PathLike | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> subprocess.CompletedProcess:
    """Run ``python -m kzanalysis ARGS`` (or ``python -c CODE``) under the bounds.

    Returns the completed process (text stdout/stderr); raises
    ``subprocess.TimeoutExpired`` when the timeout is exceeded.
    """
    if code is not None:
        command = [sys.executable, "-c", textwrap.dedent(code)]
    else:
        command = [sys.executable, "-m", "kzanalysis", *(args or [])]
    env = dict(os.environ)
    env.pop("KZ_DATA_DIR", None)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    return subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
        preexec_fn=_limit_memory,
    )
