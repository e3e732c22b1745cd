"""Run a pure function over many texts on every core the process may use.

The costly steps of the reading layer (the actor recogniser, sentence tone)
are functions of one text at a time. :func:`map_texts` applies such a
function to a list of texts, in this process for a short list and in a pool
of forked worker processes for a long one, and returns the results in the
order of the texts, exactly as ``[func(text) for text in texts]`` would.

A pool is used only when all of these hold:

- at least :data:`MIN_ITEMS` texts (fewer cost less in this process than
  the pool's start-up and the transfer of the results);
- more than one core is available (``os.sched_getaffinity``), or the
  ``KZ_WORKERS`` environment variable asks for more than one worker
  (``KZ_WORKERS=1`` turns the pool off);
- the platform can fork, and this process runs a single thread: forking a
  process whose other threads may hold a lock (a Jupyter kernel, a web
  server) can deadlock the child, so such callers get the plain loop.

The workers are forked, so they see the function and everything it refers
to (lexicons, compiled patterns) as they were at the call, without pickling
them; only the texts and the results cross between processes. A function
with side effects on module state (a cache it fills) fills it in the worker,
not in the caller: give ``map_texts`` pure functions and keep any cache in
the caller.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["MIN_ARTICLES", "MIN_ITEMS", "Background", "in_background", "map_texts", "progress_bar", "worker_count"]

T = TypeVar("T")

#: The fewest texts for which a pool is started (about 150 articles' paragraphs).
MIN_ITEMS = 3000
#: The fewest articles for which a per-article step (one item per article) is worth a pool.
MIN_ARTICLES = 150
#: Chunks per worker: enough to even out chunks of unequal cost, few enough to keep the overhead small.
_CHUNKS_PER_WORKER = 4

_TASK: Callable[[Any], Any] | None = None


def worker_count() -> int:
    """Worker processes to use: ``KZ_WORKERS`` if set (at least 1), else the cores this process may run on."""
    wanted = os.environ.get("KZ_WORKERS", "").strip()
    if wanted:
        try:
            return max(1, int(wanted))
        except ValueError:
            return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # platforms without sched_getaffinity
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    task = _TASK
    assert task is not None  # set by map_texts before the fork
    return [task(item) for item in chunk]


def map_texts(func: Callable[[Any], T], items: Sequence[Any], per_article: bool = False) -> list[T]:
    """``[func(item) for item in items]``, computed by a pool of forked workers when that pays.

    Parameters
    ----------
    func : callable
        A pure function of one item (it may be a bound method or a closure:
        it is not pickled).
    items : sequence
        The inputs, usually texts; they and the results must be picklable.
    per_article : bool
        True when each item is a whole article (costlier than a paragraph):
        the pool is then used from :data:`MIN_ARTICLES` items, else from
        :data:`MIN_ITEMS`.

    Returns
    -------
    list
        ``func(item)`` for each item, in the order of ``items``.
    """
    global _TASK
    items = list(items)
    workers = min(worker_count(), max(1, len(items)))
    min_items = MIN_ARTICLES if per_article else MIN_ITEMS
    if workers < 2 or len(items) < min_items or not _can_fork() or _TASK is not None:
        return [func(item) for item in items]
    n_chunks = workers * _CHUNKS_PER_WORKER
    size = -(-len(items) // n_chunks)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _TASK = func
    # The workers only read what they inherit: with the collector's objects frozen and the collector off in
    # them, they do not write to (and so copy) every page of the inherited heap when a collection runs.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=gc.disable) as pool:
            parts = pool.map(_run_chunk, chunks, chunksize=1)
    finally:
        _TASK = None
        gc.unfreeze()
    return [result for part in parts for result in part]


def progress_bar(items: Any, **options: Any) -> Any:
    """A tqdm progress bar over ``items`` (``options`` as for :class:`tqdm.tqdm`) that starts no thread.

    tqdm's monitor thread would outlive the bar, and a process with a second
    thread no longer forks workers (see the module docstring), so every
    progress bar of the package is made here, with the monitor turned off.
    """
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(items, **options)


class Background:
    """A function running in a forked child process; :meth:`wait` for it to end (see :func:`in_background`)."""

    def __init__(self, pid: int, what: str) -> None:
        self.pid = pid
        self.what = what

    def wait(self) -> None:
        """Wait for the child; raise OSError naming what it did if it failed."""
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise OSError(f"{self.what} failed in a worker process (exit status {code}; its error is printed above)")


def in_background(func: Callable[[], None], what: str) -> Background | None:
    """Run ``func()`` in a forked child while this process goes on, when that is possible and pays.

    Returns a :class:`Background` to wait for, or None when ``func`` was not started because the pool's
    conditions (a second core, fork, a single thread; see the module docstring) do not hold: the caller
    then runs it itself. The child sees the process as it was at the call and its changes stay its own, so
    ``func`` must only write its result outside the process (a file). ``what`` names the work in errors.
    """
    if worker_count() < 2 or not _can_fork() or _TASK is not None:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # the child: do the work and leave without running the parent's clean-up
        code = 0
        try:
            gc.disable()
            func()
        except BaseException as error:  # reported by the parent's wait()
            print(f"{what}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            code = 1
        finally:
            os._exit(code)
    return Background(pid, what)
