"""Label placement: labels that avoid each other and the drawn marks, label spots inside polygons, and
labels spread apart along one axis.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib import patheffects
from matplotlib.path import Path as MplPath

from .style import _INK

_DIRECTIONS = [(1, 0), (0, -1), (-1, 0), (0, 1), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def _place_labels(ax, fig, items, avoid, fontsize=7.5, bbox=None, boxes=()):
    """Place point labels where they overlap no other label, marker or the frame.

    ``items``: list of ``(x, y, text, radius_pt, preferred)``, with
    ``radius_pt`` the marker radius in points and ``preferred`` an optional
    ``(dx, dy)`` offset in points tried first. ``avoid``: list of
    ``(x, y, radius_pt)`` markers no label may cover; ``boxes``: text artists
    already on the axes (country names) that no label may cover. Offsets around each
    point are tried in a fixed order, nearest first, so the result is
    deterministic; if none is free the first is used.
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    pt = fig.dpi / 72
    blocked = []
    for x, y, radius in avoid:
        px, py = ax.transData.transform((x, y))
        r = radius * pt
        blocked.append(mpl.transforms.Bbox.from_extents(px - r, py - r, px + r, py + r))
    blocked += [artist.get_window_extent(renderer) for artist in boxes]  # labels already placed
    style = dict(fontsize=fontsize, color=_INK, zorder=7, annotation_clip=False)
    if bbox is None:
        style["path_effects"] = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    else:
        style["bbox"] = bbox
    artists = []
    for x, y, text, radius, preferred in items:
        gap = radius + 2.5
        options = [tuple(preferred)] if preferred else []
        for scale in (1.0, 2.0, 3.2):
            options += [(dx * gap * scale, dy * gap * scale) for dx, dy in _DIRECTIONS]
        chosen = None
        for dx, dy in options:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            artist = ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **style)
            box = artist.get_window_extent(renderer)
            inside = axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
            if inside and not any(box.overlaps(b) for b in blocked):
                chosen = (artist, box)
                break
            artist.remove()
        if chosen is None:
            dx, dy = options[0]
            artist = ax.annotate(
                text,
                xy=(x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx >= 0 else "right",
                va="bottom" if dy >= 0 else "top",
                **style,
            )
            chosen = (artist, artist.get_window_extent(renderer))
        chosen[0].set_in_layout(False)
        blocked.append(chosen[1])
        artists.append(chosen[0])
    return artists


def _label_spot(polygons, obstacles, half_width, half_height):
    """A point inside the largest polygon whose label box stays clearest of obstacles."""
    if not polygons:
        return None
    ring = max((poly[0] for poly in polygons if poly and len(poly[0]) >= 3), key=len, default=None)
    if ring is None:
        return None
    path = MplPath([(float(p[0]), float(p[1])) for p in ring])
    xs, ys = zip(*[(float(p[0]), float(p[1])) for p in ring])
    best, best_score = None, -1.0
    for gx in np.arange(min(xs) + half_width, max(xs) - half_width + 1e-9, 0.5):
        for gy in np.arange(min(ys) + half_height, max(ys) - half_height + 1e-9, 0.5):
            corners = [
                (gx - half_width, gy - half_height),
                (gx + half_width, gy - half_height),
                (gx - half_width, gy + half_height),
                (gx + half_width, gy + half_height),
                (gx, gy),
            ]
            if not all(path.contains_point(c) for c in corners):
                continue
            if obstacles:
                score = min(max(abs(ox - gx) / half_width, abs(oy - gy) / half_height) for ox, oy in obstacles)
            else:
                score = 1.0
            if score > best_score + 1e-9:
                best, best_score = (gx, gy), score
    return best


def _country_label_spot(polygons, obstacles, frame, half_width, half_height, step=0.5, whole_box=True):
    """The centre of a label box inside ``polygons`` and the map ``frame``, clearest of ``obstacles``.

    Like :func:`_label_spot`, but over every polygon of the country and only
    where the box is on the map (a large country, Russia say, has most of its
    area off the frame). With ``whole_box`` False only the centre must be in
    the country (for countries smaller than their name). None when nothing fits.
    """
    lon0, lon1, lat0, lat1 = frame
    obstacles = np.asarray(obstacles, dtype=float).reshape(-1, 2)
    best, best_score = None, -1.0
    for polygon in polygons:
        if not polygon or len(polygon[0]) < 3:
            continue
        ring = np.asarray([(float(p[0]), float(p[1])) for p in polygon[0]])
        x0, x1 = max(ring[:, 0].min(), lon0 + half_width), min(ring[:, 0].max(), lon1 - half_width)
        y0, y1 = max(ring[:, 1].min(), lat0 + half_height), min(ring[:, 1].max(), lat1 - half_height)
        if x0 > x1 or y0 > y1:
            continue
        gx, gy = np.meshgrid(np.arange(x0, x1 + 1e-9, step), np.arange(y0, y1 + 1e-9, step))
        centres = np.column_stack([gx.ravel(), gy.ravel()])
        path = MplPath(ring)
        inside = np.ones(len(centres), dtype=bool)
        corners = ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, 0)) if whole_box else ((0, 0),)
        for dx, dy in corners:
            inside &= path.contains_points(centres + np.array([dx * half_width, dy * half_height]))
        centres = centres[inside]
        if not len(centres):
            continue
        if len(obstacles):
            score = np.full(len(centres), np.inf)
            for ox, oy in obstacles:  # linear in obstacles, vectorised over the candidate spots
                score = np.minimum(
                    score, np.maximum(np.abs(ox - centres[:, 0]) / half_width, np.abs(oy - centres[:, 1]) / half_height)
                )
        else:
            score = np.ones(len(centres))
        i = int(np.argmax(score))
        if score[i] > best_score + 1e-9:
            best, best_score = (float(centres[i, 0]), float(centres[i, 1])), float(score[i])
    return best


def _spread_labels(values: list[float], min_gap: float) -> list[float]:
    """Nudge sorted label positions apart so neighbours are at least ``min_gap`` apart."""
    order = np.argsort(values)
    placed = [0.0] * len(values)
    last = -np.inf
    for index in order:
        y = max(values[index], last + min_gap)
        placed[index] = y
        last = y
    return placed
