"""The report layer: what the book shows: style, plots, the figure registry, the book helpers, the
finished tables and glued values, the source pages.
"""
