"""The ids and names the route file and the codebook give pipelines and corridors."""

from __future__ import annotations

import os
from typing import Any

from kzanalysis.load.resources import load_routes

__all__ = ["corridor_short_names", "pipeline_labels"]


def _corridor_map(routes: dict) -> dict[str, str]:
    """Pipeline or corridor id -> corridor id."""
    corridor = {c["id"]: c["id"] for c in routes["corridors"]}
    corridor.update({p["id"]: p["corridor"] for p in routes["pipelines"]})
    return corridor


def corridor_short_names(routes: dict[str, Any]) -> dict[str, str]:
    """Corridor id -> short name: the part of its name before any comma, lower case ("west")."""
    return {c["id"]: str(c["name"]).split(",")[0].strip().lower() for c in routes["corridors"]}


def pipeline_labels(data_dir: str | os.PathLike) -> dict[str, str]:
    """Pipeline id -> a name for prose: the codebook's target label, else the name before any bracket."""
    from kzanalysis.load.knowledge import load_codebook

    targets = load_codebook(data_dir)["targets"]
    return {
        p["id"]: targets.get(p["id"], {}).get("label") or str(p["name"]).split(" (")[0]
        for p in load_routes(data_dir)["pipelines"]
    }
