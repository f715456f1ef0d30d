"""Intensity distributions: histograms."""
from ._histogram import histogram

__all__ = ["histogram"]
