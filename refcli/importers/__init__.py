"""Importers: other formats into library records (BibTeX/biblatex through bibtexparser 2)."""
