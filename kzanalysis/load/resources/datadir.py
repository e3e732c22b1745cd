"""Where the data directory is, how a data file is read, and the checks every loader of a curated file shares.

The data directory is, in order of precedence: the ``data_dir`` argument, the
``KZ_DATA_DIR`` environment variable, or the ``data/`` folder of the
repository this package lives in. :func:`load_yaml` reads one YAML file within
the limits of :mod:`kzanalysis.load.limits` (size, no aliases, bounded nesting) and
reports a syntax error with its line number. The helpers below it (a
top-level entry list, text checks, raising every problem at once) are shared
by the loaders of :mod:`kzanalysis.load.resources` and :mod:`kzanalysis.load.knowledge`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import CorpusError, CorpusValidationError
from ..limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, short_repr

__all__ = ["ENV_VAR", "resolve_data_dir", "load_yaml", "top_level", "is_text", "is_text_list", "raise_all"]

ENV_VAR = "KZ_DATA_DIR"
"""Environment variable that points the package at another data directory."""

_README_HINT = "see data/README.md for the expected format"

# libyaml's loader parses the same YAML about ten times faster than the
# pure-Python one (it matters for a manifest of thousands of articles).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the data directory to use.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Explicit directory. If None, the ``KZ_DATA_DIR`` environment variable
        is used if set and non-empty, else the repository's ``data/`` folder
        (the folder next to the ``kzanalysis`` package).

    Returns
    -------
    Path
        Absolute path. Its existence is not checked here; the loaders report
        a missing directory or file as a CorpusError.
    """
    if data_dir is None or str(data_dir) == "":
        env = os.environ.get(ENV_VAR, "").strip()
        data_dir = env if env else Path(__file__).resolve().parents[3] / "data"
    return Path(data_dir).expanduser().resolve()


def load_yaml(path: str | os.PathLike) -> Any:
    """Read and parse one YAML file.

    Parameters
    ----------
    path : str or path-like
        The file to read (UTF-8; a BOM is accepted).

    Returns
    -------
    object
        The parsed document (None for an empty file).

    Raises
    ------
    CorpusError
        If the file does not exist, cannot be read, is not UTF-8, or is not
        valid YAML; a syntax error is reported with its line and column.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(
            path,
            "file not found" if not path.exists() else "is not a regular file",
            f"create {path.name} in the data directory ({_README_HINT}), "
            f"or point --data / {ENV_VAR} at a data directory that has it",
        )
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise CorpusError(
                path,
                f"is {size:,} bytes, more than the limit of {MAX_YAML_BYTES:,} bytes for a YAML file",
                "check that this is the right file; split or shorten it (see Limits in data/README.md)",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot be read ({exc.strerror})", "check the file's permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            path,
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start})",
            "re-save the file as UTF-8",
        ) from None
    try:
        _refuse_aliases_and_deep_nesting(path, text)
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(
            path,
            f"is not valid YAML{where}: {what}",
            f"correct the YAML syntax{where} (check indentation, colons and quoting)",
        ) from None


def _refuse_aliases_and_deep_nesting(path: Path, text: str) -> None:
    """Scan the YAML event stream (linear, no document is built): raise a
    CorpusError at the first alias (``*name``: expanding aliases of aliases
    is the "billion laughs" memory bomb) or nesting deeper than MAX_YAML_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark is not None else "?"
            raise CorpusError(
                path,
                f"uses a YAML alias (*{short_repr(event.anchor or '')[1:-1]}) at line {line}",
                "write the value out in full: anchors and aliases are not accepted in data files",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else "?"
                raise CorpusError(
                    path,
                    f"nests lists or mappings more than {MAX_YAML_DEPTH} levels deep (line {line})",
                    "flatten the structure (see data/README.md for the expected format)",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# ------------------------------------------------------------------ helpers


def top_level(path: Path, key: str, kind: type, document: Any = None) -> Any:
    """Return the value under ``key`` of ``path`` (parsed here unless ``document``
    is given), which must be a non-empty ``kind``."""
    if document is None:
        document = load_yaml(path)
    kind_name = "list" if kind is list else "mapping"
    if not isinstance(document, dict) or key not in document:
        raise CorpusError(
            path,
            f"has no top-level `{key}:` {kind_name}",
            f"start the file with `{key}:` followed by the entries ({_README_HINT})",
        )
    value = document[key]
    if not isinstance(value, kind) or not value:
        raise CorpusError(
            path,
            f"`{key}:` is {'empty' if not value else 'not a ' + kind_name}",
            f"make `{key}:` a non-empty {kind_name} of entries ({_README_HINT})",
        )
    return value


def is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(is_text(item) for item in value)


def raise_all(path: Path, problems: list[CorpusError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CorpusValidationError(problems, path)
