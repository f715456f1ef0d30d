import math
import numbers
import warnings

import numpy as np

from .. import _core
from .._arrays import as_value_image

__all__ = ["peak_local_max"]


def _border_widths(exclude_border, min_distance, ndim):
    if isinstance(exclude_border, bool):
        return (min_distance if exclude_border else 0,) * ndim
    if isinstance(exclude_border, numbers.Integral):
        if exclude_border < 0:
            raise ValueError("`exclude_border` cannot be a negative value")
        return (int(exclude_border),) * ndim
    if isinstance(exclude_border, tuple):
        if len(exclude_border) != ndim:
            raise ValueError("`exclude_border` should have the same length as the dimensionality of the image.")
        for width in exclude_border:
            if not isinstance(width, numbers.Integral) or isinstance(width, bool):
                raise ValueError("`exclude_border`, when expressed as a tuple, must only contain ints.")
            if width < 0:
                raise ValueError("`exclude_border` can not be a negative value")
        return tuple(int(w) for w in exclude_border)
    raise TypeError("`exclude_border` must be bool, int, or tuple with the same length as the dimensionality of the image.")


def peak_local_max(image, min_distance=1, threshold_abs=None, threshold_rel=None, exclude_border=True,
                   num_peaks=np.inf, footprint=None, labels=None, num_peaks_per_label=np.inf, p_norm=np.inf):
    """Coordinates of local maxima, exactly as
    :func:`skimage.feature.peak_local_max`.

    A peak equals the maximum of its footprint (a box of side
    ``2 * min_distance + 1`` unless given) and is strictly above the
    threshold. Peaks come strongest first (raster order among equal
    values); one closer than `min_distance` to a stronger peak is dropped.

    Parameters
    ----------
    image : ndarray, 2D or 3D
    min_distance : int, optional
        Minimal separation of peaks (Minkowski `p_norm` distance).
    threshold_abs, threshold_rel : float, optional
        Minimum intensity: `threshold_abs` (default the image's minimum),
        raised to ``threshold_rel * image.max()`` if given.
    exclude_border : bool, int or tuple of int, optional
        Border band without peaks: True means `min_distance`.
    num_peaks : int, optional
        Keep at most this many.
    footprint : ndarray of bool, optional
    labels : ndarray of int, optional
        Search each labeled object on its own (peaks per object, in
        label order).
    num_peaks_per_label : int, optional
    p_norm : float, optional
        1, 2 or inf (default, Chebyshev).

    Returns
    -------
    ndarray of int, shape (n, ndim)

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.feature import peak_local_max
    >>> image = np.zeros((7, 7))
    >>> image[2, 2] = 1
    >>> image[4, 5] = 2
    >>> peak_local_max(image, min_distance=1)
    array([[4, 5],
           [2, 2]])
    """
    array = as_value_image(image)
    if (footprint is None or np.size(footprint) == 1) and min_distance < 1:
        warnings.warn("When min_distance < 1, peak_local_max acts as finding image > max(threshold_abs, "
                      "threshold_rel * max(image)).", RuntimeWarning, stacklevel=2)
    if isinstance(min_distance, bool) or int(min_distance) != min_distance:
        raise TypeError(f"min_distance must be an integer, got {min_distance!r}")
    min_distance = int(min_distance)
    border = _border_widths(exclude_border, min_distance, array.ndim)
    threshold = threshold_abs if threshold_abs is not None else array.min()
    if threshold_rel is not None:
        threshold = max(threshold, threshold_rel * array.max())
    dtype = np.asarray(image).dtype
    lowest = np.finfo(dtype).min if np.issubdtype(dtype, np.floating) else (np.iinfo(dtype).min if dtype != np.bool_ else 0)
    label_image = None
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != array.shape:
            raise ValueError(f"labels shape {labels.shape} does not match image shape {array.shape}")
        if not np.can_cast(labels.dtype, np.int64, casting="safe"):
            raise TypeError(f"labels must be an integer array (safely castable to int), got {labels.dtype}")
        if labels.dtype != np.int32:
            if labels.size and (labels.min() < np.iinfo(np.int32).min or labels.max() > np.iinfo(np.int32).max):
                raise ValueError("labels must fit in int32")
            labels = labels.astype(np.int32)
        label_image = np.ascontiguousarray(labels)
    fp = None
    if footprint is not None:
        fp = np.ascontiguousarray(np.asarray(footprint, dtype=bool))
        if fp.ndim != array.ndim:
            raise ValueError("footprint must have the image's number of dimensions")
    limits = [int(v) if math.isfinite(v) else 2**62 for v in (num_peaks, num_peaks_per_label)]
    capacity = min(array.size, 1 << 16)
    while True:
        coordinates = np.empty((capacity, array.ndim), np.int64)
        count = _core.peak_local_max(array, label_image, min_distance, float(threshold), border, limits[0], limits[1],
                                     float(p_norm), float(lowest), fp, coordinates)
        if count <= capacity:
            return coordinates[:count].astype(np.intp)
        capacity = count
