"""Dash pages: one module per page, each with its route, layout and callbacks.

Dash imports these itself when the app is created (importing one before that raises
PageError), so the logic they show lives in dashboard/views/ as plain functions.
"""
