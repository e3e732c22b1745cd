"""The analysis layer: the reading layer (:mod:`kzanalysis.analysis.reading`: actors, quotations, voices)
and every measure and judgment, pure functions of the corpus and the curated knowledge.

Nothing here draws, glues or imports Sphinx, a notebook library, the report or the entry modules.
"""
