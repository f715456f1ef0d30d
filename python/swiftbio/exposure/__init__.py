"""Intensity distributions: histograms, rescaling, percentile normalisation
and summary statistics."""
from ._describe import describe
from ._histogram import histogram
from ._normalize import normalize_percentile
from ._rescale import rescale_intensity

__all__ = ["histogram", "rescale_intensity", "normalize_percentile", "describe"]
