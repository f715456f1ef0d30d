"""Morphology: distance transforms, regional minima."""
from ._distance import distance_transform_edt
from ._extrema import local_minima

__all__ = ["distance_transform_edt", "local_minima"]
