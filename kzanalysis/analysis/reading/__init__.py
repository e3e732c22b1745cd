"""Reading the texts: the actors they name, quotations and voices.

The paragraphs and document parts they are read in are cut as the corpus loads
(:mod:`kzanalysis.load.paragraphs`, :mod:`kzanalysis.load.parts`).
"""
