"""The ``kzanalysis add`` command: plan every file, then print the plans (``--dry-run``) or write them."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..corpus import parse_date
from ..limits import short_repr, terminal_safe
from ..parts import ARTICLE_TEXT_PARTS
from .plan import Plan, plan_additions
from .propose import AddOptions
from .write import _entry_yaml, write_additions

__all__ = ["DRY_RUN_PARAGRAPHS", "run_add"]

#: Paragraphs shown by --dry-run.
DRY_RUN_PARAGRAPHS = 12

# ------------------------------------------------------------------- command


def _show_plan(plan: Plan, out) -> None:
    print(f"{terminal_safe(plan.source)} -> articles/{terminal_safe(plan.file)}", file=out)
    print("  manifest entry:", file=out)
    for line in _entry_yaml(plan.entry, "    ").splitlines():
        print(terminal_safe(line), file=out)
    shown = plan.paragraphs[:DRY_RUN_PARAGRAPHS]
    n_text = sum(p.part in ARTICLE_TEXT_PARTS for p in plan.paragraphs)
    print(
        f"  first paragraphs ({len(shown)} of {len(plan.paragraphs)}; {n_text} article text, "
        f"{len(plan.paragraphs) - n_text} furniture):",
        file=out,
    )
    for p in shown:
        text = " ".join(p.text.split())
        text = text if len(text) <= 100 else text[:99] + "\u2026"
        mark = " " if p.part in ARTICLE_TEXT_PARTS else "-"
        print(f"   {mark}\u00b6{p.number:<3} {p.part:<11} {terminal_safe(text)}", file=out)
    for note in plan.notes:
        print(f"  note: {terminal_safe(note)}", file=out)


def run_add(
    paths: Sequence[str | os.PathLike],
    data_dir: Path,
    options: AddOptions,
    dry_run: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The ``add`` command: exit status 0 when every file was added (or, with ``dry_run``, would be), else 2."""
    out = out or sys.stdout
    err = err or sys.stderr
    if options.id is not None and len(paths) > 1:
        print(
            "kzanalysis add: --id names one article, but several files were given. Fix: add them one at a time, "
            "or leave out --id.",
            file=err,
        )
        return 2
    if options.date is not None:
        try:
            options.date = parse_date(options.date)[0]
        except ValueError as exc:
            print(f"kzanalysis add: --date: {exc}. Fix: write it as YYYY, YYYY-MM or YYYY-MM-DD.", file=err)
            return 2
    from .. import corpus as corpus_module

    rights_values = getattr(corpus_module, "RIGHTS_VALUES", None)
    if options.rights is not None and rights_values and options.rights not in rights_values:
        print(
            f"kzanalysis add: --rights {terminal_safe(short_repr(options.rights))} is not a known value. "
            f"Fix: use one of: {', '.join(rights_values)}.",
            file=err,
        )
        return 2
    plans, refusals = plan_additions(paths, data_dir, options)
    if refusals:
        for problem in refusals:
            print(f"refused: {terminal_safe(problem)}", file=err)
        print(
            f"{len(refusals)} of {len(paths)} file{'s' if len(paths) != 1 else ''} refused; nothing was added to "
            f"{terminal_safe(data_dir)}. Fix each problem above (or leave that file out) and run the command again.",
            file=err,
        )
        return 2
    if dry_run:
        for plan in plans:
            _show_plan(plan, out)
        print(
            f"dry run: {len(plans)} article{'s' if len(plans) != 1 else ''} would be added; nothing was written.",
            file=out,
        )
        return 0
    write_additions(plans, data_dir)
    for plan in plans:
        pending = list(plan.entry.get("review", {}))
        print(
            f"added {terminal_safe(plan.source)} as articles/{terminal_safe(plan.file)} (id {plan.entry['id']})"
            + (f"; to fill in by hand: {', '.join(pending)} (see `review:` in manifest.yml)" if pending else ""),
            file=out,
        )
        for note in plan.notes:
            print(f"  note: {terminal_safe(note)}", file=out)
    print("Next: read each new entry's evidence, fill in what `review:` lists, then run `kzanalysis check`.", file=out)
    return 0
