"""Image filters.

Linear filters follow ``scipy.ndimage`` definitions and boundary modes and
return float images (float64 for float64 input, float32 otherwise).
"""
from ._linear import (convolve, correlate, gaussian, gaussian_gradient_magnitude, gaussian_laplace,
                      laplace, prewitt, sobel, uniform, unsharp_mask)

__all__ = ["convolve", "correlate", "gaussian", "gaussian_gradient_magnitude", "gaussian_laplace",
           "laplace", "prewitt", "sobel", "uniform", "unsharp_mask"]
