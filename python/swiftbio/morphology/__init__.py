"""Morphology: distance transforms."""
from ._distance import distance_transform_edt

__all__ = ["distance_transform_edt"]
