"""Rank and statistics filters over a box or a footprint, with scipy's
definitions."""
import math

import numpy as np

from .. import _core
from .._arrays import as_image, border_cval, float_dtype, mode_code, per_axis
from ._linear import correlate, uniform

__all__ = ["minimum", "maximum", "median", "percentile", "rank", "variance", "std"]


def footprint_array(size, footprint, ndim):
    """A C-contiguous bool footprint from `size` (scalar or per axis) or
    `footprint` (nonzero = in), checked."""
    if footprint is None:
        if size is None:
            raise ValueError("give size or footprint")
        sizes = per_axis(size, ndim, "size", int)
        if any(s < 1 for s in sizes):
            raise ValueError(f"size must be >= 1, got {size!r}")
        return np.ones(sizes, dtype=bool)
    fp = np.asarray(footprint)
    if fp.ndim != ndim:
        raise ValueError(f"footprint must have the image's {ndim} dimensions, got shape {fp.shape}")
    if fp.size == 0 or not fp.any():
        raise ValueError("footprint must not be empty")
    if fp.dtype != bool:
        if fp.dtype.kind not in "biuf" or not np.isin(fp, (0, 1)).all():
            raise ValueError("footprint must hold only 0 and 1 (or be boolean)")
    return np.ascontiguousarray(fp != 0)


def _extremum(minimum, image, size, footprint, mode, cval, out):
    array = as_image(image)
    fp = footprint_array(size, footprint, array.ndim)
    out = _same_dtype_output(array, out)
    return _core.extremum_filter(array, out, fp, int(minimum), mode_code(mode), border_cval(array.dtype, mode, cval))


def minimum(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """Minimum over a box of `size` or a `footprint`, exactly as
    :func:`scipy.ndimage.minimum_filter`; the output keeps the input's dtype.

    A box runs separably (van Herk / Gil-Werman, three comparisons per
    pixel whatever its size); other footprints as runs of ones per row.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import minimum
    >>> minimum(np.array([[5, 1, 7, 3]], dtype=np.uint8), size=(1, 3))
    array([[1, 1, 1, 3]], dtype=uint8)
    """
    return _extremum(True, image, size, footprint, mode, cval, out)


def maximum(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """Maximum over a box of `size` or a `footprint`, exactly as
    :func:`scipy.ndimage.maximum_filter`; the output keeps the input's dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import maximum
    >>> maximum(np.array([[5, 1, 7, 3]], dtype=np.uint8), size=(1, 3))
    array([[5, 7, 7, 7]], dtype=uint8)
    """
    return _extremum(False, image, size, footprint, mode, cval, out)


def _same_dtype_output(array, out):
    if out is None:
        return np.empty_like(array)
    if not isinstance(out, np.ndarray) or out.dtype != array.dtype or out.shape != array.shape \
            or not out.flags.c_contiguous or not out.flags.writeable:
        raise ValueError("out must be a writable C-contiguous array of the image's dtype and shape")
    return out


def _rank(image, which, size, footprint, mode, cval, out):
    array = as_image(image)
    fp = footprint_array(size, footprint, array.ndim)
    count = int(fp.sum())
    index = which(count)
    if index < 0:
        index += count
    if not 0 <= index < count:
        raise ValueError(f"rank {index} is outside the footprint's {count} pixels")
    if index == 0 or index == count - 1:
        return _extremum(index == 0, array, None, fp, mode, cval, out)
    result = _same_dtype_output(array, out)
    return _core.rank_filter(array, result, fp, index, mode_code(mode), border_cval(array.dtype, mode, cval))


def median(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """Median over a box or footprint, exactly as
    :func:`scipy.ndimage.median_filter` (for an even count, the upper of
    the two middle values); the output keeps the input's dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import median
    >>> median(np.array([[1, 9, 2, 8, 3]], dtype=np.uint8), size=(1, 3))
    array([[1, 2, 8, 3, 3]], dtype=uint8)
    """
    return _rank(image, lambda n: n // 2, size, footprint, mode, cval, out)


def rank(image, rank, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """The `rank`-th smallest value (0-based; negative counts from the
    largest) over a box or footprint, as :func:`scipy.ndimage.rank_filter`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import rank
    >>> rank(np.array([[1, 9, 2, 8, 3]], dtype=np.uint8), 1, size=(1, 3))
    array([[1, 2, 8, 3, 3]], dtype=uint8)
    """
    if isinstance(rank, bool) or int(rank) != rank:
        raise TypeError(f"rank must be an integer, got {rank!r}")
    return _rank(image, lambda n: int(rank), size, footprint, mode, cval, out)


def percentile(image, percentile, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """The `percentile` (0-100; negative counts from 100) over a box or
    footprint, as :func:`scipy.ndimage.percentile_filter`: the value of rank
    ``int(count * percentile / 100)`` (100: the largest).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import percentile
    >>> percentile(np.array([[1, 9, 2, 8, 3]], dtype=np.uint8), 100, size=(1, 3))
    array([[9, 9, 9, 8, 8]], dtype=uint8)
    """
    value = float(percentile)
    if value < 0:
        value += 100
    if not 0 <= value <= 100 or math.isnan(value):
        raise ValueError(f"percentile must be between -100 and 100, got {percentile!r}")
    return _rank(image, lambda n: n - 1 if value == 100 else int(float(n) * value / 100.0), size, footprint, mode,
                 cval, out)


def variance(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """Local variance: the mean of x² minus the square of the mean over a
    box or footprint (population variance, clamped at 0), computed in
    float64; float64 for float64 input, float32 otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import variance
    >>> variance(np.array([[0, 0, 3, 0, 0]], dtype=np.uint8), size=(1, 3), mode='constant')
    array([[0., 2., 2., 2., 0.]], dtype=float32)
    """
    array = as_image(image)
    values = array.astype(np.float64)
    fp = footprint_array(size, footprint, array.ndim)
    if fp.all():
        mean = uniform(values, fp.shape, mode=mode, cval=cval)
        mean_of_squares = uniform(values * values, fp.shape, mode=mode, cval=cval * cval)
    else:
        weights = fp / fp.sum()
        mean = correlate(values, weights, mode=mode, cval=cval)
        mean_of_squares = correlate(values * values, weights, mode=mode, cval=cval * cval)
    result = np.maximum(mean_of_squares - mean * mean, 0)
    target = float_dtype(array.dtype)
    if out is not None:
        out[...] = result
        return out
    return result.astype(target, copy=False)


def std(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    """Local standard deviation: the square root of :func:`variance`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import std
    >>> std(np.array([[0, 0, 3, 0, 0]], dtype=np.float64), size=(1, 3), mode='constant')[0, 2]
    np.float64(1.4142135623730951)
    """
    result = np.sqrt(variance(image, size, footprint, mode=mode, cval=cval))
    if out is not None:
        out[...] = result
        return out
    return result
