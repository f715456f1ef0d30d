"""Segmentation: watershed, region growing, relabeling, border clearing,
label expansion."""
from ._labels import clear_border, expand_labels, relabel_sequential
from ._watershed import flood, flood_fill, watershed

__all__ = ["watershed", "flood", "flood_fill", "relabel_sequential", "clear_border", "expand_labels"]
