"""Global and local thresholds with scikit-image's names and results.

The pass over the pixels (the histogram, Li's class means) runs in the
engine; choosing the threshold from the histogram is a few vectorised
numpy operations on the bins, in the precision scikit-image uses (float32
counts), so the chosen bin is the same.
"""
import math
import numbers
import warnings

import numpy as np

from .. import _core
from .._arrays import as_image, mode_code
from ..exposure._histogram import _flat_image, _histogram, histogram
from ._linear import gaussian, uniform

__all__ = ["threshold_multiotsu", "threshold_otsu", "threshold_yen", "threshold_isodata", "threshold_li", "threshold_mean",
           "threshold_triangle", "threshold_minimum", "threshold_local"]


def _warn_if_rgb(image, name):
    if image is not None and np.ndim(image) > 2 and np.shape(image)[-1] in (3, 4):
        warnings.warn(f"{name} is expected to work correctly only for grayscale images; image shape "
                      f"{np.shape(image)} looks like that of an RGB image.", stacklevel=3)


def _counts_and_centers(image, hist, nbins, extrema=None):
    """(float32 counts, centers) from `hist` (trimmed of empty end bins)
    or from the image's histogram (`extrema`: its known (min, max))."""
    if image is None and hist is None:
        raise ValueError("either image or hist must be given")
    if hist is not None:
        counts, centers = hist if isinstance(hist, (tuple, list)) else (hist, None)
        counts = np.asarray(counts)
        centers = np.arange(counts.size) if centers is None else np.asarray(centers)
        if counts[0] == 0 or counts[-1] == 0:
            nonzero = np.flatnonzero(counts > 0)
            counts, centers = counts[nonzero[0]:nonzero[-1] + 1], centers[nonzero[0]:nonzero[-1] + 1]
    else:
        counts, centers = _histogram(image, nbins, source_range="image", extrema=extrema)
    return counts.astype(np.float32, copy=False), centers


class ThresholdError(ValueError, IndexError):
    """No threshold satisfies the method's condition (an IndexError in
    scikit-image, kept as a base class for drop-in compatibility)."""


def _check_finite(image):
    """The image's (min, max); ValueError for NaN/infinite pixels,
    TypeError for complex ones."""
    return _core.min_max(_flat_image(image))


def _is_constant(image):
    flat = np.asarray(image).reshape(-1)
    return bool(np.all(flat == flat[0]))


def threshold_otsu(image=None, nbins=256, *, hist=None):
    """Otsu's threshold: maximises the between-class variance.

    Parameters
    ----------
    image : ndarray, optional
        Grayscale image, any dimensions (NaN or infinite values raise).
    nbins : int, optional
        Bins of float images (integer images get one bin per value).
    hist : ndarray or (counts, centers), optional
        A histogram to use instead of the image.

    Returns
    -------
    threshold : scalar
        Pixels above it are foreground.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_otsu
    >>> image = np.array([[10, 12, 200], [11, 198, 202]], dtype=np.uint8)
    >>> int(threshold_otsu(image))
    12
    """
    _warn_if_rgb(image, "threshold_otsu")
    extrema = None
    if image is not None:
        extrema = _check_finite(image)
        if extrema[0] == extrema[1]:  # constant: the value itself, as scikit-image returns it
            return np.asarray(image).reshape(-1)[0]
    counts, centers = _counts_and_centers(image, hist, nbins, extrema if hist is None else None)
    below = np.cumsum(counts)
    above = np.cumsum(counts[::-1])[::-1]
    moment = counts * centers
    mean_below = np.cumsum(moment) / below
    mean_above = (np.cumsum(moment[::-1]) / above[::-1])[::-1]
    between = below[:-1] * above[1:] * (mean_below[:-1] - mean_above[1:]) ** 2
    return centers[np.argmax(between)]


def threshold_yen(image=None, nbins=256, *, hist=None):
    """Yen's threshold: maximises the entropic correlation.

    Parameters
    ----------
    image : ndarray, optional
    nbins : int, optional
    hist : ndarray or (counts, centers), optional

    Returns
    -------
    threshold : scalar

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_yen
    >>> int(threshold_yen(np.array([[10, 12, 200], [11, 198, 202]], dtype=np.uint8)))
    12
    """
    counts, centers = _counts_and_centers(image, hist, nbins)
    if centers.size == 1:
        return centers[0]
    p = counts.astype(np.float32, copy=False) / counts.sum()
    cumulative = np.cumsum(p)
    squares_low = np.cumsum(p ** 2)
    squares_high = np.cumsum(p[::-1] ** 2)[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        criterion = np.log(((squares_low[:-1] * squares_high[1:]) ** -1)
                           * (cumulative[:-1] * (1.0 - cumulative[:-1])) ** 2)
    return centers[criterion.argmax()]


def threshold_isodata(image=None, nbins=256, return_all=False, *, hist=None):
    """Ridler-Calvard (ISODATA) threshold: the level midway between the
    means of the two classes it separates.

    Parameters
    ----------
    image : ndarray, optional
    nbins : int, optional
    return_all : bool, optional
        Return every threshold satisfying the condition, not just the lowest.
    hist : ndarray or (counts, centers), optional

    Returns
    -------
    threshold : scalar or ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_isodata
    >>> int(threshold_isodata(np.array([[10, 12, 200], [11, 198, 202]], dtype=np.uint8)))
    105
    """
    counts, centers = _counts_and_centers(image, hist, nbins)
    if len(centers) == 1:
        return centers if return_all else centers[0]
    below = np.cumsum(counts)
    above = below[-1] - below
    weighted = np.cumsum(counts * centers)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_low = weighted[:-1] / below[:-1]
        mean_high = (weighted[-1] - weighted[:-1]) / above[:-1]
    midpoint = (mean_low + mean_high) / 2.0
    offset = midpoint - centers[:-1]
    width = centers[1] - centers[0]
    thresholds = centers[:-1][(offset >= 0) & (offset < width)]
    if return_all:
        return thresholds
    if thresholds.size == 0:
        raise ThresholdError("no ISODATA threshold: the histogram has no level midway between its class means")
    return thresholds[0]


def threshold_mean(image):
    """The mean intensity.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_mean
    >>> float(threshold_mean(np.array([[1, 2], [3, 6]], dtype=np.uint8)))
    3.0
    """
    _check_finite(image)
    return np.mean(image)


def threshold_li(image, *, tolerance=None, initial_guess=None):
    """Li's iterative minimum cross-entropy threshold.

    Parameters
    ----------
    image : ndarray
    tolerance : float, optional
        Stop when the threshold moves less than this; default half the
        smallest difference between intensities (0.5 for integers).
    initial_guess : float or callable, optional
        Start value, or a function of the (flattened, shifted to start at
        0) image returning one. Default: the mean.

    Returns
    -------
    threshold : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_li
    >>> image = np.array([[10, 12, 200], [11, 198, 202]], dtype=np.uint8)
    >>> round(float(threshold_li(image)), 3)
    46.02
    """
    array = np.asarray(image)
    flat = _flat_image(array)
    low, high = _core.min_max(flat)
    if low == high:
        return array.reshape(-1)[0]
    integer = flat.dtype.kind in "iu"
    shifted_low = array.dtype.type(low)
    if integer:
        tolerance = tolerance or 0.5
    else:
        values = np.unique(flat) - shifted_low
        tolerance = tolerance or np.min(np.diff(values)) / 2
    if initial_guess is None:
        guess = np.mean(array - shifted_low) if not integer else np.mean(array.astype(np.float64) - low)
    elif callable(initial_guess):
        guess = initial_guess((array - shifted_low).reshape(-1))
    elif isinstance(initial_guess, numbers.Real):
        guess = initial_guess - float(low)
        if not 0 < guess < high - low:
            raise ValueError(f"The initial guess for threshold_li must be within the range of the image. "
                             f"Got {initial_guess} for image min {low} and max {high}.")
        guess = array.dtype.type(guess)
    else:
        raise TypeError("initial_guess must be a number or a function of the image")
    current = -2 * tolerance
    if integer:
        counts, centers = histogram(flat - np.int32(low) if flat.dtype == np.int32 else flat, source_range="image")
        counts = counts.astype(np.float32)
        if flat.dtype != np.int32:
            centers = centers - int(low)
        while abs(guess - current) > tolerance:
            current = guess
            upper = centers > current
            mean_upper = np.average(centers[upper], weights=counts[upper])
            mean_lower = np.average(centers[~upper], weights=counts[~upper])
            if mean_lower == 0:
                break
            guess = (mean_lower - mean_upper) / (np.log(mean_lower) - np.log(mean_upper))
    else:
        while abs(guess - current) > tolerance:
            current = guess
            above, n_above, below, n_below = _core.split_means(flat, float(current), float(low))
            mean_upper, mean_lower = above / n_above, below / n_below
            if mean_lower == 0:
                break
            guess = (mean_lower - mean_upper) / (math.log(mean_lower) - math.log(mean_upper))
        guess = array.dtype.type(guess)
    return guess + shifted_low


def threshold_triangle(image, nbins=256):
    """Zack's triangle threshold: the level farthest from the line joining
    the histogram's peak to its far end.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_triangle
    >>> int(threshold_triangle(np.array([[10, 10, 10], [10, 11, 200]], dtype=np.uint8)))
    12
    """
    counts, centers = histogram(np.asarray(image).reshape(-1), nbins, source_range="image")
    n = len(counts)
    peak = int(np.argmax(counts))
    height = counts[peak]
    occupied = np.flatnonzero(counts)
    low, high = int(occupied[0]), int(occupied[-1])
    if low == high:
        return np.asarray(image).ravel()[0]
    flip = peak - low < high - peak
    if flip:
        counts = counts[::-1]
        low, peak = n - high - 1, n - peak - 1
    width = peak - low
    x = np.arange(width)
    y = counts[x + low]
    norm = np.sqrt(height ** 2 + width ** 2)
    distance = (height / norm) * x - (width / norm) * y
    level = int(np.argmax(distance)) + low
    return centers[n - level - 1 if flip else level]


def threshold_minimum(image=None, nbins=256, max_num_iter=10000, *, hist=None):
    """The minimum between the two maxima of the histogram, smoothed until
    exactly two remain.

    Raises ValueError when the histogram never has exactly two maxima.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_minimum
    >>> rng = np.random.default_rng(0)
    >>> image = np.concatenate([rng.normal(60, 8, 2000), rng.normal(180, 8, 2000)]).clip(0, 255).astype(np.uint8)
    >>> 90 < int(threshold_minimum(image.reshape(40, 100))) < 150
    True
    """
    counts, centers = _counts_and_centers(image, hist, nbins)
    smooth = counts.astype(np.float32, copy=False)
    maxima = []
    iteration = 0
    for iteration in range(max_num_iter):
        smooth = _box3(smooth)
        maxima = _local_maxima(smooth)
        if len(maxima) < 3:
            break
    if len(maxima) != 2:
        raise ValueError("Unable to find two maxima in histogram")
    if iteration == max_num_iter - 1:
        raise ValueError("Maximum iteration reached for histogram smoothing")
    return centers[maxima[0] + int(np.argmin(smooth[maxima[0]:maxima[1] + 1]))]


def _box3(values):
    """Mean of 3 with reflected ends (scipy's uniform_filter1d, size 3), in float32."""
    padded = np.concatenate([values[:1], values, values[-1:]])
    return ((padded[:-2] + padded[1:-1]) + padded[2:]) / np.float32(3)


def _local_maxima(values):
    """Indices where a rise turns into a fall (the first index of a plateau)."""
    rising = True
    maxima = []
    diff = np.diff(values)
    for i in np.flatnonzero(diff != 0):
        if rising and diff[i] < 0:
            maxima.append(int(_plateau_start(diff, i)))
            rising = False
        elif not rising and diff[i] > 0:
            rising = True
    return maxima


def _plateau_start(diff, i):
    j = i
    while j > 0 and diff[j - 1] == 0:
        j -= 1
    return j


def threshold_multiotsu(image=None, classes=3, nbins=256, *, hist=None):
    """Multi-level Otsu thresholds: ``classes - 1`` values splitting the
    histogram into `classes` classes of maximal between-class variance.

    Parameters
    ----------
    image : ndarray, optional
    classes : int, optional
        Number of classes (>= 2).
    nbins : int, optional
    hist : ndarray or (counts, centers), optional

    Returns
    -------
    thresholds : ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_multiotsu
    >>> image = np.repeat(np.array([10, 11, 100, 101, 200, 201], dtype=np.uint8), 5).reshape(5, 6)
    >>> threshold_multiotsu(image, classes=3).tolist()
    [11, 101]
    """
    _warn_if_rgb(image, "threshold_multiotsu")
    if isinstance(classes, bool) or int(classes) != classes or classes < 2:
        raise ValueError(f"classes must be an integer >= 2, got {classes!r}")
    classes = int(classes)
    if image is not None and hist is None:
        _check_finite(image)
    counts, centers = _counts_and_centers(image, hist, nbins)
    probabilities = (counts / counts.sum()).astype(np.float32, copy=False)
    occupied = np.count_nonzero(probabilities)
    if occupied < classes:
        raise ValueError(f"After discretization into bins, the input image has only {occupied} different values. "
                         f"It cannot be thresholded in {classes} classes. If there are more unique values before "
                         "discretization, try increasing the number of bins (`nbins`).")
    if occupied == classes:
        return centers[np.flatnonzero(probabilities)[:-1]]
    indices = _core.multiotsu(np.ascontiguousarray(probabilities), classes - 1)
    return centers[list(indices)]


def threshold_local(image, block_size=3, method="gaussian", offset=0, mode="reflect", param=None, cval=0):
    """A threshold per pixel from its neighbourhood, as
    :func:`skimage.filters.threshold_local`.

    Parameters
    ----------
    image : ndarray, 2D or 3D
    block_size : int or sequence of int
        Odd neighbourhood size per axis (>= 3).
    method : {'gaussian', 'mean', 'median'}
        Weighted (Gaussian with sigma ``(block_size - 1) / 6``, or `param`)
        mean, plain mean, or median of the neighbourhood.
    offset : float
        Subtracted from the local mean.
    mode, cval
        Border handling, as in :func:`swiftbio.filters.gaussian`.
    param : float or sequence, optional
        Gaussian sigma instead of the default.

    Returns
    -------
    threshold : ndarray
        float32 for float32 input, float64 otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import threshold_local
    >>> image = np.arange(25, dtype=np.float32).reshape(5, 5)
    >>> threshold_local(image, 3, method='mean')[2, 2]
    np.float32(12.0)
    """
    array = as_image(image)
    sizes = (block_size,) * array.ndim if np.isscalar(block_size) else tuple(block_size)
    if len(sizes) != array.ndim:
        raise ValueError("len(block_size) must equal image.ndim")
    if any(int(b) != b or b % 2 == 0 for b in sizes):
        raise ValueError(f"block_size must be odd, got {block_size!r}")
    if np.isscalar(block_size) and block_size < 3:
        raise ValueError(f"block_size must be at least 3, got {block_size!r}")
    out = np.empty(array.shape, np.float32 if array.dtype == np.float32 else np.float64)
    if method == "gaussian":
        sigma = tuple((b - 1) / 6.0 for b in sizes) if param is None else param
        gaussian(array, sigma, mode=mode, cval=cval, out=out)
    elif method == "mean":
        uniform(array, tuple(int(b) for b in sizes), mode=mode, cval=cval, out=out)
    elif method == "median":
        window = int(np.prod(sizes))
        footprint = np.ones(tuple(int(b) for b in sizes), dtype=bool)
        _core.rank_filter(array, out, footprint, window // 2, mode_code(mode), float(cval))
    else:
        raise ValueError(f"method must be 'gaussian', 'mean' or 'median', got {method!r}")
    if offset != 0:
        out -= offset
    return out
