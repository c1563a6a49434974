"""Page bodies as plain functions of (dataset, filters): what the page modules in
dashboard/pages/ render, importable and testable without a Dash app."""
