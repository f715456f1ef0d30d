"""Percentile normalisation, as CSBDeep/StarDist prepare network inputs."""
import math
import numbers

import numpy as np

__all__ = ["normalize_percentile"]


def _percentile(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not 0 <= value <= 100:  # also refuses NaN
        raise ValueError(f"{name} must be between 0 and 100, got {value!r}")
    return value


def _float_type(dtype):
    """The numpy scalar type to compute in, or None (numpy's promotion)."""
    if dtype is None:
        return None
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a float dtype or None, got {dtype!r}") from None
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a float dtype or None, got {dtype}")
    return dtype.type


def normalize_percentile(image, pmin=1, pmax=99.8, *, clip=False, eps=1e-20, dtype=np.float32):
    """Map the `pmin` and `pmax` percentiles of the image to 0 and 1, as
    ``csbdeep.utils.normalize`` (used before StarDist and CARE networks).

    ``(x - lo) / (hi - lo + eps)`` with ``lo, hi = np.percentile(image,
    (pmin, pmax))`` over the whole image, computed in `dtype`.

    Parameters
    ----------
    image : array_like
        Any number of dimensions; bool (as 0/1), integer or float. A NaN
        pixel makes both percentiles, and so the whole output, NaN (as in
        CSBDeep).
    pmin, pmax : float, optional
        Percentiles with ``0 <= pmin < pmax <= 100``, linearly interpolated
        as :func:`numpy.percentile`. Defaults 1 and 99.8.
    clip : bool, optional
        Clip the result to [0, 1].
    eps : float, optional
        Added to the denominator (>= 0): a constant image maps to 0.
    dtype : float dtype or None, optional
        Precision of the computation and of the result. ``None`` leaves it
        to numpy (float64 for integer images). Default float32.

    Returns
    -------
    out : ndarray
        Same shape as `image`, of `dtype`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.exposure import normalize_percentile
    >>> image = np.arange(101, dtype=np.uint16).reshape(1, 101)
    >>> out = normalize_percentile(image, 10, 90)
    >>> out.dtype, out[0, [0, 10, 50, 90, 100]]
    (dtype('float32'), array([-0.125,  0.   ,  0.5  ,  1.   ,  1.125], dtype=float32))
    >>> normalize_percentile(image, 10, 90, clip=True)[0, [0, 100]]
    array([0., 1.], dtype=float32)
    """
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"image must be boolean, integer or real float, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"image must not be empty, got shape {array.shape}")
    pmin, pmax = _percentile(pmin, "pmin"), _percentile(pmax, "pmax")
    if pmin >= pmax:
        raise ValueError(f"pmin must be smaller than pmax, got pmin={pmin!r}, pmax={pmax!r}")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not math.isfinite(eps) or eps < 0:
        raise ValueError(f"eps must be a finite number >= 0, got {eps!r}")
    scalar = _float_type(dtype)
    if array.dtype == np.bool_:
        array = array.view(np.uint8)  # numpy cannot interpolate between booleans
    # One call per percentile: a Python float q keeps float32 images' percentiles in float32, as CSBDeep's.
    low, high = np.percentile(array, pmin), np.percentile(array, pmax)
    if scalar is not None:
        array = array.astype(scalar, copy=False)
        low, high, eps = scalar(low), scalar(high), scalar(eps)
    out = array - low
    out /= high - low + eps
    if clip:
        np.clip(out, 0, 1, out=out)
    return out
