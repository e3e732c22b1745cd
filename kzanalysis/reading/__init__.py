"""Reading the texts: document parts, voices and actors."""
