"""Measurement: labeling, object bounding boxes and region properties."""
from ._label import find_objects, label
from ._regionprops import regionprops_table

__all__ = ["label", "find_objects", "regionprops_table"]
