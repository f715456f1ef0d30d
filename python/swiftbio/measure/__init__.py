"""Measurement: connected-component labeling and object bounding boxes."""
from ._label import find_objects, label

__all__ = ["label", "find_objects"]
