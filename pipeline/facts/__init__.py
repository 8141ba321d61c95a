"""Stage 9 — facts: partnerships, standard adoptions, figures and quotes.

Each module reads the spaCy parse and the linked mentions of one article
and returns rows of one table; trigger words are data (data/triggers.yaml).
"""
