"""House chart style: colour-blind-safe colours, readable on light and dark pages.

Colours are the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness; every series also gets its own marker shape so that
no chart relies on colour alone. Figures are drawn on an opaque white
background so they stay legible when the book is switched to dark mode.
"""

from __future__ import annotations

import os

import matplotlib as mpl

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

#: Marker shapes, paired with colours so a series is never told apart by colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

#: The order in which series take colours (yellow last: weakest on white).
_ORDER = ["blue", "orange", "bluish green", "vermillion", "reddish purple", "sky blue", "black", "yellow"]


def series_styles(names) -> dict[str, dict]:
    """Give each name a colour and a marker, in a stable order.

    At most eight names can be styled apart; more raise ``ValueError`` (group the
    rest as "other" first).
    """
    names = list(names)
    if len(names) > len(_ORDER):
        raise ValueError(f"{len(names)} series is more than the {len(_ORDER)} the palette can tell apart")
    return {
        name: {"color": OKABE_ITO[_ORDER[i]], "marker": MARKERS[i]} for i, name in enumerate(names)
    }


def apply() -> None:
    """Set matplotlib defaults for the book's figures."""
    mpl.rcParams.update(
        {
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            # Sizes for a 9-inch-wide figure shown about 740 px wide in the book: text of at
            # least 11 px on screen (12 pt is about 13.7 px there). Phones open the full size.
            "figure.dpi": 100,
            "font.size": 13,
            "axes.titlesize": 15,
            "axes.labelsize": 13,
            "xtick.labelsize": 12,
            "ytick.labelsize": 12,
            "legend.fontsize": 12,
            "legend.title_fontsize": 12,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[c] for c in _ORDER]),
            "svg.hashsalt": "where-the-data-lives",
            "pdf.fonttype": 42,
        }
    )
    # The book's own build (make book, make test) sets WDL_BOOK_BUILD=1: a PNG for the screen and
    # a vector PDF for the printed book (MyST-NB picks one per builder). Elsewhere (a classroom,
    # nbval, the stored notebooks) figures are PNG only.
    formats = ["png", "pdf"] if os.environ.get("WDL_BOOK_BUILD") else ["png"]
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats(*formats)
    except ImportError:  # outside IPython
        pass
