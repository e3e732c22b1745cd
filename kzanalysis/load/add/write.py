"""The planned files copied into ``articles/`` and their entries appended to ``manifest.yml``, all or nothing.

Each file is written under a temporary name and renamed; the manifest's comments and earlier entries are
left as they are, and the appended text must parse to the same entries plus the new ones.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from ..errors import CorpusError
from .plan import Plan, _manifest

__all__ = ["write_additions"]

# ------------------------------------------------------------------- writing


def _entry_yaml(entry: dict, indent: str) -> str:
    text = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def _appended_manifest(manifest: Path, entries: list, new_entries: list[dict]) -> str:
    text = manifest.read_text(encoding="utf-8")
    top_keys = re.findall(r"^([A-Za-z_][\w-]*)\s*:", text, flags=re.MULTILINE)
    if not top_keys or top_keys[-1] != "articles":
        raise CorpusError(
            manifest,
            "the `articles:` list is not the last key of the file, so new entries cannot be appended",
            "move `articles:` to the end of manifest.yml, or add the entries by hand (--dry-run prints them)",
        )
    text = re.sub(r"^articles\s*:\s*\[\s*\]\s*$", "articles:", text, flags=re.MULTILINE)
    match = re.search(r"^( *)- ", text[text.rindex("articles") :], flags=re.MULTILINE)
    indent = match.group(1) if match else "  "
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(_entry_yaml(entry, indent) for entry in new_entries)
    parsed = yaml.safe_load(text)
    if not isinstance(parsed, dict) or parsed.get("articles") != list(entries) + list(new_entries):
        raise CorpusError(
            manifest,
            "appending the new entries would not give the same entries plus the new ones",
            "add the entries by hand (--dry-run prints them)",
        )
    return text


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.adding")
    with open(temporary, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def write_additions(plans: list[Plan], data_dir: Path) -> None:
    """Copy each file into articles/ and append the entries to manifest.yml (all or nothing)."""
    manifest, entries = _manifest(data_dir)
    new_text = _appended_manifest(manifest, entries, [plan.entry for plan in plans])
    written: list[Path] = []
    try:
        for plan in plans:
            target = data_dir / "articles" / plan.file
            if target.exists():
                raise CorpusError(target, "appeared while the articles were being added", "run the command again")
            _write_atomic(target, plan.raw)
            written.append(target)
        temporary = manifest.with_name(f".{manifest.name}.adding")
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, manifest)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        manifest.with_name(f".{manifest.name}.adding").unlink(missing_ok=True)
        raise
