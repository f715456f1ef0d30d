"""Image filters.

Linear filters follow ``scipy.ndimage`` definitions and boundary modes and
return float images (float64 for float64 input, float32 otherwise).
"""
from ._linear import (convolve, correlate, gaussian, gaussian_gradient_magnitude, gaussian_laplace,
                      laplace, prewitt, sobel, uniform, unsharp_mask)

from ._rank import maximum, median, minimum, percentile, rank, std, variance
from ._thresholds import (threshold_isodata, threshold_li, threshold_local, threshold_mean, threshold_minimum,
                          threshold_multiotsu,
                          threshold_otsu, threshold_triangle, threshold_yen)

__all__ = ["minimum", "maximum", "median", "percentile", "rank", "variance", "std", "threshold_multiotsu", "threshold_isodata", "threshold_li", "threshold_local", "threshold_mean", "threshold_minimum",
           "threshold_otsu", "threshold_triangle", "threshold_yen", "convolve", "correlate", "gaussian", "gaussian_gradient_magnitude", "gaussian_laplace",
           "laplace", "prewitt", "sobel", "uniform", "unsharp_mask"]
