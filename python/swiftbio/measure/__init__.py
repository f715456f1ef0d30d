"""Measurement: labeling, object bounding boxes, region properties, iso-surfaces and mesh areas."""
from ._label import find_objects, label
from ._mesh import marching_cubes, mesh_surface_area
from ._regionprops import regionprops_table

__all__ = ["label", "find_objects", "regionprops_table", "marching_cubes", "mesh_surface_area"]
