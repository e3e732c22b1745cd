"""The report's figure style: width, palette, markers, hatches, line styles, the sides' fixed styles, font
sizes and :func:`apply_style` (matplotlib rcParams).
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from matplotlib.colors import to_rgb

from kzanalysis.load.resources import ENTITY_GROUPS

#: Figure width in inches: 16.5 cm, the text width of an A4 PDF page, and
#: about 650 px in HTML at 100 % zoom, so one font size reads well in both.
FIG_WIDTH = 6.5

#: Categorical colours (Okabe–Ito and Tol hues, all colour-blind safe), in
#: the order they are used: black, orange, blue, vermillion, wine, yellow.
#: Their greyscale (luma) values are 0, 0.64, 0.34, 0.47, 0.28, 0.84: no two
#: are closer than 0.06 and colours used one after another differ by 0.12 or
#: more. The sides (GROUP_STYLES) each have their own marker, and two sides
#: whose greys are close have different hatches.
PALETTE = ["#000000", "#E69F00", "#0072B2", "#D55E00", "#882255", "#F0E442"]
#: Marker, hatch and line-style sequences paired with :data:`PALETTE`.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]
HATCHES = ["", "////", "....", "xxx", "\\\\\\\\", "---", "++", "oo"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3))]

#: The powers (entity groups of the gazetteer), in display order, each with a
#: fixed colour, marker and hatch used in every figure.
GROUP_ORDER = list(ENTITY_GROUPS)  # the one list of sides, in display order (kzanalysis.load.resources)
GROUP_STYLES: dict[str, dict[str, str]] = {
    "United States": {"color": "#0072B2", "marker": "s", "hatch": ""},
    "Kazakhstan": {"color": "#E69F00", "marker": "o", "hatch": "////"},
    "Russia": {"color": "#882255", "marker": "^", "hatch": "...."},
    "China": {"color": "#000000", "marker": "D", "hatch": ""},
    "Europe": {"color": "#CC79A7", "marker": "v", "hatch": "xxx"},
    "Iran": {"color": "#F0E442", "marker": "P", "hatch": "\\\\\\\\"},
    "Other": {"color": "#999999", "marker": "X", "hatch": "---"},
}
_UNKNOWN_GROUP_STYLE = {"color": "#BBBBBB", "marker": "*", "hatch": "++"}

#: Colour map for sequential values (heatmaps, article dates): perceptually
#: uniform, colour-blind safe and monotonic in lightness.
SEQUENTIAL_CMAP = "cividis"

#: The turning point the report compares before and after.
EVENT_DATE = pd.Timestamp("2001-09-11")
EVENT_LABEL = "11 September 2001"

_INK = "#1A1A1A"
_MUTED = "#555555"
_LAND = "#E6E6E6"
_HIGHLIGHT_LAND = "#C4C4C4"
_BEFORE_SHADE = "#F2F2F2"

TITLE_SIZE = 12.5
SUBTITLE_SIZE = 9.5
SOURCE_SIZE = 7.5
BASE_SIZE = 9.0


def apply_style() -> None:
    """Set the report's matplotlib style (rcParams) for every later figure.

    Sizes are chosen for a figure :data:`FIG_WIDTH` inches wide shown at
    100 %: 9 pt text, 8.5 pt ticks, no top or right spines, no box around
    legends, light horizontal grid lines only where a function asks for them.
    Safe to call more than once.
    """
    mpl.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": BASE_SIZE,
            "axes.titlesize": 9.5,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.titlepad": 4.0,
            "axes.labelsize": BASE_SIZE,
            "axes.labelcolor": _INK,
            "axes.edgecolor": "#444444",
            "axes.linewidth": 0.7,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "axes.axisbelow": True,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "grid.color": "#DDDDDD",
            "grid.linewidth": 0.6,
            "xtick.labelsize": 8.5,
            "ytick.labelsize": 8.5,
            "xtick.color": "#333333",
            "ytick.color": "#333333",
            "xtick.major.width": 0.6,
            "ytick.major.width": 0.6,
            "legend.fontsize": 8.5,
            "legend.frameon": False,
            "legend.handlelength": 2.2,
            "lines.linewidth": 1.6,
            "lines.markersize": 6,
            "hatch.linewidth": 0.6,
            "hatch.color": "#333333",
            "image.cmap": SEQUENTIAL_CMAP,
            "figure.dpi": 100,
            "figure.facecolor": "white",
            "savefig.dpi": 300,
            "savefig.facecolor": "white",
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "svg.hashsalt": "kzanalysis",
            # Labels come from the data (titles, outlets, names): a "$" in them
            # is a dollar sign, never the start of matplotlib mathtext.
            "text.parse_math": False,
        }
    )


def _text_color_on(rgba) -> str:
    """Black or white, whichever reads better on a background colour."""
    r, g, b = to_rgb(rgba)
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return "black" if luminance > 0.5 else "white"


def _label_fontsize(n: int, large: float = 8.5, small: float = 6.5, start: int = 12, stop: int = 40) -> float:
    """Shrink tick labels gently as the number of labels grows."""
    if n <= start:
        return large
    if n >= stop:
        return small
    return large - (large - small) * (n - start) / (stop - start)
