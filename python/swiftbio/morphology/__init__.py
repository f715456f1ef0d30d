"""Morphology: footprints, grey and binary morphology, distance transforms,
regional minima."""
from ._cleanup import binary_fill_holes, remove_small_holes, remove_small_objects
from ._distance import distance_transform_edt
from ._extrema import local_minima
from ._footprints import (ball, cube, diamond, disk, ellipse, footprint_rectangle, generate_binary_structure,
                          octahedron, rectangle, square, star)
from ._gray import (binary_closing, binary_dilation, binary_erosion, binary_opening, black_tophat, closing, dilation,
                    erosion, morphological_gradient, opening, white_tophat)

__all__ = ["binary_fill_holes", "remove_small_objects", "remove_small_holes", "distance_transform_edt", "local_minima", "ball", "cube", "diamond", "disk", "ellipse",
           "footprint_rectangle", "generate_binary_structure", "octahedron", "rectangle", "square", "star",
           "erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat", "morphological_gradient",
           "binary_erosion", "binary_dilation", "binary_opening", "binary_closing"]
