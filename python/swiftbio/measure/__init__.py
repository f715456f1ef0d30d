"""Measurement: labeling, object bounding boxes, region properties and mesh areas."""
from ._label import find_objects, label
from ._mesh import mesh_surface_area
from ._regionprops import regionprops_table

__all__ = ["label", "find_objects", "regionprops_table", "mesh_surface_area"]
