"""The route map: country and route geometry (polygons, legs, planned sections) and :func:`plot_route_map`."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from .layout import new_figure, source_line
from .placement import _country_label_spot, _label_spot, _place_labels
from .style import _HIGHLIGHT_LAND, _INK, _LAND, _MUTED, FIG_WIDTH, MARKERS, PALETTE

#: Map frame (lon_min, lon_max, lat_min, lat_max): the Caspian region.
MAP_FRAME = (25.0, 90.0, 30.0, 57.0)
#: Open-water points of the Caspian Sea (lon, lat) where its name may go.
_CASPIAN_LABEL_SPOTS = [(49.4, 42.3), (50.8, 38.7), (49.3, 45.0), (51.5, 41.2)]


def _depth(coords) -> int:
    depth = 0
    while isinstance(coords, (list, tuple)) and coords and not isinstance(coords, (str, bytes)):
        coords = coords[0]
        depth += 1
    return depth


def _polygons(geometry) -> list[list[list[tuple[float, float]]]]:
    """Normalise outlines to a list of polygons, each a list of rings.

    Accepts a GeoJSON geometry dict, a ring, a list of rings (as
    ``resources.load_countries`` gives: one outer ring per polygon) or
    MultiPolygon coordinates.
    """
    if isinstance(geometry, Mapping):
        coords = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            return [coords]
        if geometry.get("type") == "MultiPolygon":
            return list(coords)
        return []
    depth = _depth(geometry)
    if depth == 2:
        return [[geometry]]
    if depth == 3:
        return [[ring] for ring in geometry]
    if depth == 4:
        return list(geometry)
    return []


_PLANNED = re.compile(r"propos|planned|under construction|not built|unbuilt", re.IGNORECASE)


def route_legs(route: Mapping) -> list[dict[str, Any]]:
    """The drawable sections of a route, in drawing order.

    Returns dicts with ``name``, ``mode`` (``pipeline`` or ``tanker``),
    ``status`` (free text), ``planned`` (True when the status says proposed,
    planned or under construction) and ``points`` (list of (lon, lat)).
    The route's own ``path`` comes first (mode ``route["mode"]``, default
    pipeline; status ``path_status``), then each entry of ``legs``; a leg may
    repeat part of the path to restyle it (a section still being built).
    """
    out: list[dict[str, Any]] = []
    points = [(float(p[0]), float(p[1])) for p in route.get("path") or []]
    if len(points) >= 2:
        status = str(route.get("path_status") or "operating")
        out.append(
            {
                "name": str(route.get("name", "")),
                "mode": str(route.get("mode") or "pipeline"),
                "status": status,
                "planned": bool(_PLANNED.search(status)),
                "points": points,
            }
        )
    for leg in route.get("legs") or []:
        if not isinstance(leg, Mapping):
            continue
        points = [(float(p[0]), float(p[1])) for p in leg.get("path") or []]
        if len(points) < 2:
            continue
        status = str(leg.get("status") or "")
        out.append(
            {
                "name": str(leg.get("name", "")),
                "mode": str(leg.get("mode") or "pipeline"),
                "status": status,
                "planned": bool(_PLANNED.search(status)),
                "points": points,
            }
        )
    return out


def short_route_name(name: Any) -> str:
    """A route's display name without its parenthesised detail."""
    return re.sub(r"\s*\(.*\)\s*$", "", str(name)).strip() or str(name)


def _densify(points, step=0.5):
    """Points every ``step`` degrees along a polyline."""
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n)]
    out.append(points[-1])
    return out


def _countries_on_routes(routes, countries, highlight) -> list[tuple[str, list]]:
    """The countries (name, polygons) that a route crosses or ends in, besides ``highlight``, in map order."""
    points = np.asarray(
        [
            p
            for route in routes or []
            for leg in route_legs(route)
            if leg["mode"] != "tanker"
            for p in _densify(leg["points"], step=0.25)
        ],
        dtype=float,
    ).reshape(-1, 2)
    found = []
    for name, outline in countries or []:
        if str(name) == highlight or not len(points):
            continue
        polygons = _polygons(outline)
        if any(
            MplPath(np.asarray([(float(p[0]), float(p[1])) for p in poly[0]])).contains_points(points).any()
            for poly in polygons
            if poly and len(poly[0]) >= 3
        ):
            found.append((str(name), polygons))
    return found


def plot_route_map(
    routes: Sequence[Mapping],
    countries: Sequence,
    articles: pd.DataFrame,
    *,
    mentioned: Mapping[str, int] | None = None,
    highlight: str = "Kazakhstan",
    frame: tuple[float, float, float, float] = MAP_FRAME,
    title: str = "Export routes for Caspian oil",
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Map of the energy export routes over country outlines.

    ``routes``: dicts as in ``data/routes.yml`` (``id``, ``name``, ``path`` of
    [lon, lat] points or ``legs`` with ``mode``; ``endpoints`` with start/end
    ``name``, ``lon``, ``lat`` and an optional ``label_offset`` [dx, dy] in
    points). ``countries``: (name, outlines) pairs, outlines as a GeoJSON
    geometry or rings of (lon, lat). ``mentioned`` maps route id -> number of
    articles naming it, shown in the legend.

    Each route has its own colour and marker symbol along the line; tanker
    (sea) legs are dashed. The highlighted country is shaded darker and
    named. Endpoint labels are placed where they overlap nothing.
    """
    src = source_line(articles, source)
    lon0, lon1, lat0, lat1 = frame
    # Widen the frame, if needed, so every endpoint is on the map.
    for route in routes or []:
        for point in (route.get("endpoints") or {}).values():
            if isinstance(point, Mapping) and "lon" in point and "lat" in point:
                lon0, lon1 = min(lon0, float(point["lon"]) - 1.5), max(lon1, float(point["lon"]) + 1.5)
                lat0, lat1 = min(lat0, float(point["lat"]) - 1.0), max(lat1, float(point["lat"]) + 1.0)
    mid_lat = (lat0 + lat1) / 2
    aspect = 1 / math.cos(math.radians(mid_lat))
    map_h = FIG_WIDTH * 0.98 * (lat1 - lat0) * aspect / (lon1 - lon0)
    n_routes = len(routes or [])
    legend_h = 0.25 + 0.2 * math.ceil((n_routes + 2) / 2)
    fig = new_figure(map_h + legend_h, title=title, subtitle=subtitle, note=note, source=src)
    ax = fig.add_subplot()
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(aspect)
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#888888")
    ax.set_xticks([])
    ax.set_yticks([])

    highlight_polygons = []
    for name, outline in countries or []:
        is_highlight = str(name) == highlight
        for polygon in _polygons(outline):
            vertices, codes = [], []
            for ring in polygon:
                ring = [(float(p[0]), float(p[1])) for p in ring]
                if len(ring) < 3:
                    continue
                vertices += ring + [ring[0]]
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
            if not vertices:
                continue
            ax.add_patch(
                PathPatch(
                    MplPath(vertices, codes),
                    facecolor=_HIGHLIGHT_LAND if is_highlight else _LAND,
                    edgecolor="white" if not is_highlight else "#777777",
                    linewidth=0.6 if not is_highlight else 0.9,
                    zorder=1 if not is_highlight else 2,
                )
            )
        if is_highlight:
            highlight_polygons = _polygons(outline)

    handles = []
    endpoints: dict[str, dict] = {}
    any_tanker = False
    any_planned = False
    if not routes:
        ax.text(0.5, 0.08, "No routes to show", transform=ax.transAxes, ha="center", fontsize=9, color=_MUTED)
    for i, route in enumerate(routes or []):
        color = PALETTE[i % len(PALETTE)] if PALETTE[i % len(PALETTE)] != "#F0E442" else "#B8A800"
        marker = MARKERS[i % len(MARKERS)]
        halo = [patheffects.Stroke(linewidth=4.2, foreground="white"), patheffects.Normal()]
        for leg in route_legs(route):
            xs, ys = zip(*leg["points"])
            if leg["mode"] == "tanker":
                any_tanker = True
                ax.plot(xs, ys, color="white", linewidth=4.2, zorder=4.5, solid_capstyle="butt")
                ax.plot(xs, ys, color=color, linewidth=1.6, linestyle="--", zorder=4.6)
            elif leg["planned"]:
                any_planned = True
                ax.plot(xs, ys, color="white", linewidth=4.2, zorder=4.5, solid_capstyle="butt")
                ax.plot(xs, ys, color=color, linewidth=2.0, linestyle=":", zorder=4.6)
            else:
                ax.plot(xs, ys, color=color, linewidth=2.2, zorder=4, path_effects=halo, solid_joinstyle="round")
                ax.plot(
                    xs,
                    ys,
                    linestyle="",
                    marker=marker,
                    markevery=0.12,
                    markersize=5.5,
                    color=color,
                    markeredgecolor="white",
                    markeredgewidth=0.6,
                    zorder=5,
                )
        name = short_route_name(route.get("name", route.get("id", f"route {i + 1}")))
        n_articles = (mentioned or {}).get(route.get("id")) or 0
        label = name if mentioned is None else f"{name} ({n_articles} article{'s' if n_articles != 1 else ''})"
        handles.append(
            Line2D(
                [], [], color=color, linewidth=2.2, marker=marker, markersize=5.5, markeredgecolor="white", label=label
            )
        )
        for end in ("start", "end"):
            point = (route.get("endpoints") or {}).get(end)
            if isinstance(point, Mapping) and "lon" in point and "lat" in point:
                key = str(point.get("name"))
                endpoints.setdefault(key, dict(point))
        # A leg's ports (``ports: [first, last]`` in routes.yml) are named where its path starts and ends.
        for leg in route.get("legs") or []:
            ports, path = (leg.get("ports"), leg.get("path")) if isinstance(leg, Mapping) else (None, None)
            if isinstance(ports, list) and len(ports) == 2 and isinstance(path, list) and len(path) >= 2:
                for name, (lon, lat) in zip(ports, (path[0], path[-1])):
                    if isinstance(name, str) and name.strip():
                        endpoints.setdefault(name.strip(), {"name": name.strip(), "lon": lon, "lat": lat})
    for point in endpoints.values():
        ax.plot(
            float(point["lon"]),
            float(point["lat"]),
            marker="o",
            markersize=5,
            color="white",
            markeredgecolor=_INK,
            markeredgewidth=1.2,
            zorder=6,
            linestyle="",
        )
    if any_tanker:
        handles.append(Line2D([], [], color=_INK, linewidth=1.6, linestyle="--", label="tanker leg (by sea)"))
    if any_planned:
        handles.append(Line2D([], [], color=_INK, linewidth=2.0, linestyle=":", label="proposed or under construction"))
    if handles:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.02),
            ncol=2,
            fontsize=7.5,
            handlelength=2.6,
            columnspacing=1.2,
        )
    # Country name where its label box is clearest of the routes and endpoints.
    obstacles = [p for route in routes or [] for leg in route_legs(route) for p in _densify(leg["points"])]
    obstacles += [(float(p["lon"]), float(p["lat"])) for p in endpoints.values()]
    spot = _label_spot(highlight_polygons, obstacles, half_width=5.5, half_height=1.0)
    # The Caspian is the gap between the outlines: label it at the open-water spot clearest of routes.
    caspian = max(
        _CASPIAN_LABEL_SPOTS,
        key=lambda c: min((max(abs(ox - c[0]) / 1.6, abs(oy - c[1]) / 0.9) for ox, oy in obstacles), default=1.0),
    )
    ax.text(
        caspian[0],
        caspian[1],
        "Caspian\nSea",
        ha="center",
        va="center",
        fontsize=7,
        style="italic",
        color="#4A5F70",
        zorder=3,
        linespacing=1.0,
        path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
    )
    if spot is not None:
        ax.text(
            spot[0],
            spot[1],
            highlight.upper(),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="#333333",
            zorder=3,
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground=_HIGHLIGHT_LAND)],
        )
    # The countries the routes cross or end in, named where their label clears the routes and endpoints.
    degrees_per_point = (lon1 - lon0) / (FIG_WIDTH * 0.98 * 72)
    country_boxes = []
    for name, polygons in _countries_on_routes(routes, countries, highlight):
        label = name.upper()
        half_w = 0.5 * len(label) * 0.62 * 6.5 * degrees_per_point + 0.3
        half_h = 0.5 * 6.5 * degrees_per_point * aspect + 0.25
        where = _country_label_spot(polygons, obstacles, (lon0, lon1, lat0, lat1), half_w, half_h)
        if where is None:
            where = _country_label_spot(
                polygons, obstacles, (lon0, lon1, lat0, lat1), half_w, half_h, step=0.2, whole_box=False
            )
        if where is None:
            continue
        country_boxes.append(
            ax.text(
                where[0],
                where[1],
                label,
                ha="center",
                va="center",
                fontsize=6.5,
                color="#5A5A5A",
                zorder=3,
                path_effects=[patheffects.withStroke(linewidth=2, foreground=_LAND)],
            )
        )
    items = []
    for name, point in sorted(endpoints.items(), key=lambda kv: (-float(kv[1]["lat"]), float(kv[1]["lon"]))):
        lon, lat = float(point["lon"]), float(point["lat"])
        if lon0 <= lon <= lon1 and lat0 <= lat <= lat1:
            items.append((lon, lat, name, 3.5, point.get("label_offset")))
    # Endpoint names clear of the markers, the country names and the route lines themselves.
    line_points = [
        (x, y, 2.2) for route in routes or [] for leg in route_legs(route) for x, y in _densify(leg["points"], step=0.3)
    ]
    _place_labels(
        ax,
        fig,
        items,
        [(float(p["lon"]), float(p["lat"]), 4.0) for p in endpoints.values()] + line_points,
        boxes=country_boxes,
    )
    return fig
