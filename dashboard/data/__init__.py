"""Load, validate and query a partnership's multi-agency dataset (see datasets.md)."""
from .dataset import (
    Dataset, DatasetFolderError, Partnership, QueryError, load_dataset, read_partnership,
)

__all__ = ["Dataset", "DatasetFolderError", "Partnership", "QueryError", "load_dataset",
           "read_partnership"]
