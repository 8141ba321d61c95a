"""Fact extraction from messy French news about electric vehicles.

The package is a staged pipeline; `pipeline.run` shows the data flow:
ingest → encoding → segment/boilerplate → dedup → repair → language →
nlp → linking → facts → tables.
"""

__version__ = "0.1.0"
