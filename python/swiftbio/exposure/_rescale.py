"""Intensity rescaling with scikit-image's range names and output dtypes.

A range is a pair of numbers, ``'image'`` (the image's own extremes),
``'dtype'`` (its dtype's nominal range) or a dtype given by name or type.
The arithmetic is scikit-image's, step for step and in the same precision
(float32 for float16/float32 images, float64 otherwise), so the results
are the same to the last bit.
"""
import warnings

import numpy as np

__all__ = ["rescale_intensity"]

#: Camera bit depths scikit-image names; their output is stored in uint16.
_BIT_DEPTHS = {"uint10": 10, "uint12": 12, "uint14": 14}

#: dtype names scikit-image accepts as a range ('int' is int64, 'float' float64).
_DTYPE_NAMES = ("bool", "float", "float16", "float32", "float64", "int", "int8", "int16", "int32", "int64",
                "longlong", "uint8", "uint16", "uint32", "uint64", "ulonglong")

_PYTHON_TYPES = (bool, int, float)


def _dtype_range(dtype):
    """(low, high, dtype) of a dtype: floats are nominally in [-1, 1],
    integers span their type, booleans [0, 1]."""
    if dtype.kind == "b":
        return 0, 1, dtype
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return int(info.min), int(info.max), dtype
    if dtype.kind == "f" and dtype.itemsize <= 8:
        return -1, 1, dtype
    raise ValueError(f"dtype {dtype} has no intensity range; use bool, an integer type or float16/32/64")


def _named_range(spec):
    """(low, high, output dtype) of a dtype given by name or type, or None
    when `spec` names no dtype."""
    if isinstance(spec, str):
        if spec in _BIT_DEPTHS:
            return 0, 2 ** _BIT_DEPTHS[spec] - 1, np.dtype(np.uint16)
        if spec in _DTYPE_NAMES:
            return _dtype_range(np.dtype(spec))
        return None
    is_type = isinstance(spec, type) and (spec in _PYTHON_TYPES or issubclass(spec, np.generic))
    if is_type or isinstance(spec, np.dtype):
        return _dtype_range(np.dtype(spec))
    return None


def _pair(spec, name):
    """`spec` as a (low, high) pair of floats."""
    sequence = isinstance(spec, (tuple, list)) or (isinstance(spec, np.ndarray) and spec.ndim == 1)
    if sequence and len(spec) == 2:
        try:
            return float(spec[0]), float(spec[1])
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold two numbers, got {spec!r}") from None
    raise ValueError(f"{name} must be 'image', 'dtype', a dtype name or type (e.g. 'uint8', 'uint12', np.float32) "
                     f"or a (min, max) pair, got {spec!r}")


def _intensity_range(image, spec, name, clip_negative=False):
    """(low, high) as floats. `clip_negative` sets a dtype range's low end
    to 0 (not the image's extremes, nor an explicit pair's)."""
    if isinstance(spec, str) and spec == "image":
        return float(np.min(image)), float(np.max(image))
    named = _named_range(image.dtype if isinstance(spec, str) and spec == "dtype" else spec)
    if named is None:
        return _pair(spec, name)
    low, high, _ = named
    return float(0 if clip_negative else low), float(high)


def _output_dtype(image, out_range):
    """The image's dtype for 'image'/'dtype', the named dtype, or float for
    a pair (float32 for float16/float32 images, float64 otherwise)."""
    if isinstance(out_range, str) and out_range in ("image", "dtype"):
        return image.dtype
    named = _named_range(out_range)
    if named is not None:
        return named[2]
    _pair(out_range, "out_range")
    return np.dtype(np.float32) if image.dtype in (np.float16, np.float32) else np.dtype(np.float64)


def rescale_intensity(image, in_range="image", out_range="dtype"):
    """Stretch or shrink intensities from one range to another, as
    :func:`skimage.exposure.rescale_intensity`.

    Values are clipped to `in_range`, then mapped linearly onto
    `out_range`.

    Parameters
    ----------
    image : array_like
        Any number of dimensions; bool, integer or float.
    in_range, out_range : str, dtype or (min, max), optional
        'image'
            The image's minimum and maximum.
        'dtype'
            The nominal range of the image's dtype: the integer type's
            limits, [-1, 1] for floats, [0, 1] for bool. As `out_range`,
            its lower end becomes 0 when the input range is non-negative.
        dtype name or type
            That dtype's nominal range, e.g. ``'uint8'``, ``np.uint16``,
            ``'float'`` (float64); ``'uint10'``, ``'uint12'``, ``'uint14'``
            for camera bit depths.
        (min, max)
            Explicit values (a tuple, list or 2-element array).

    Returns
    -------
    out : ndarray
        dtype: the image's for ``out_range`` 'dtype' or 'image', the named
        dtype (uint16 for 'uint10'/'uint12'/'uint14'), or float for a pair
        (float32 for float16/float32 images, float64 otherwise).

    Warns
    -----
    UserWarning
        When a range end is NaN (``'image'`` on an image with NaN pixels):
        the output is then NaN everywhere. Pass
        ``(np.nanmin(image), np.nanmax(image))`` to avoid it.

    Notes
    -----
    A constant input range (``min == max``) clips the image to `out_range`
    instead of dividing by zero. Float-to-integer conversions truncate, as
    ``astype`` does.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.exposure import rescale_intensity
    >>> rescale_intensity(np.array([51, 102, 153], dtype=np.uint8))
    array([  0, 127, 255], dtype=uint8)
    >>> rescale_intensity(np.array([0., 51., 255.]), in_range=(0, 102), out_range=(0, 1))
    array([0. , 0.5, 1. ])
    >>> rescale_intensity(np.array([0, 4095], dtype=np.uint16), in_range='uint12', out_range='uint8')
    array([  0, 255], dtype=uint8)
    """
    image = np.asarray(image)
    if image.dtype.kind not in "biuf":
        raise TypeError(f"image must be boolean, integer or real float, got dtype {image.dtype}")
    if image.size == 0:
        raise ValueError(f"image must not be empty, got shape {image.shape}")
    out_dtype = _output_dtype(image, out_range)
    in_low, in_high = _intensity_range(image, in_range, "in_range")
    out_low, out_high = _intensity_range(image, out_range, "out_range", clip_negative=in_low >= 0)
    if np.isnan([in_low, in_high, out_low, out_high]).any():
        warnings.warn("One or more intensity levels are NaN: every output pixel will be NaN. Give the ranges "
                      "yourself to avoid it, e.g. in_range=(np.nanmin(image), np.nanmax(image)).", stacklevel=2)
    # The working copy: float16/float32 images keep their precision, all others compute in float64.
    work = image.astype(image.dtype if image.dtype.kind == "f" else np.float64)
    np.clip(work, in_low, in_high, out=work)
    if in_low != in_high:
        work -= in_low
        work /= in_high - in_low
        work *= out_high - out_low
        work += out_low
    else:
        np.clip(work, out_low, out_high, out=work)
    return work.astype(out_dtype, copy=False)
