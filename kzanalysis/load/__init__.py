"""The load layer: the corpus and the curated files read and validated, and the plain-text foundations
every layer uses (errors, limits, memoisation, tokens, sentences, labels, paragraph numbering and parts,
paragraph references).

Nothing here imports the analysis, the report or the entry modules.
"""
