"""Pure-Python analysis on query results: working days, periods, SPC and RAG.

No Dash and no DuckDB here; see metrics.md for every definition.
"""
