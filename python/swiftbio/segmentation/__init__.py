"""Segmentation: relabeling, border clearing, label expansion."""
from ._labels import clear_border, expand_labels, relabel_sequential

__all__ = ["relabel_sequential", "clear_border", "expand_labels"]
