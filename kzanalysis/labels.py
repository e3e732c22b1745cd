"""Short names for articles and outlets, shared by the analysis and the report.

Plain text only: nothing here draws or imports a plotting library, so the
analysis modules can name articles without pulling in matplotlib.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["short_outlet"]

_ABBREVIATION_RE = re.compile(r"\(([^()]{1,20})\)")


def short_outlet(outlet: Any) -> str:
    """A short outlet name: the first parenthesised abbreviation, else the name.

    ``"Radio Free Europe/Radio Liberty (RFE/RL)"`` -> ``"RFE/RL"``;
    ``"Transitions Online (TOL), republished by ..."`` -> ``"TOL"``.
    """
    if outlet is None or (isinstance(outlet, float) and math.isnan(outlet)):
        return "unknown outlet"
    text = str(outlet).strip()
    match = _ABBREVIATION_RE.search(text)
    if match:
        return match.group(1).strip()
    return text.split(",")[0].strip() or "unknown outlet"
