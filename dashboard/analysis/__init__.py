"""Pure-Python analysis on query results: working days, periods, SPC, RAG and
small-number suppression.

No Dash and no DuckDB here; see metrics.md for every definition.
"""
