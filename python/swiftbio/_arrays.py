"""Argument policy shared by every public function: one place for the
supported dtypes, the float output rule, per-axis broadcasting and the
boundary-mode table. The compiled kernels re-check what reaches them."""
import math
import numbers

import numpy as np

#: Element types the kernels read.
SUPPORTED_DTYPES = tuple(np.dtype(t) for t in
                         (np.bool_, np.uint8, np.uint16, np.int32, np.uint32, np.float32, np.float64))

#: scipy.ndimage's boundary modes, numbered as swiftbio.h numbers them.
#: The ``grid-*`` names are scipy's synonyms for filters.
MODES = {"reflect": 0, "grid-mirror": 0, "mirror": 1, "nearest": 2,
         "constant": 3, "grid-constant": 3, "wrap": 4, "grid-wrap": 4}


def as_image(image, name="image"):
    """`image` as a C-contiguous 2D/3D array of a supported dtype (no copy
    when it already is one)."""
    array = np.asarray(image)
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    if array.dtype not in SUPPORTED_DTYPES:
        raise TypeError(
            f"{name} has unsupported dtype {array.dtype}; supported: "
            + ", ".join(str(d) for d in SUPPORTED_DTYPES)
            + " (convert with .astype(np.float32))")
    if array.ndim not in (2, 3):
        raise ValueError(f"{name} must be 2D or 3D, got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    return np.ascontiguousarray(array)


def as_value_image(image, name="image"):
    """`image` for kernels that only compare values (peaks, watershed):
    other integer types are converted exactly (int32 when they fit, else
    float64 below 2**53)."""
    array = np.asarray(image)
    if array.dtype.kind in "iu" and array.dtype not in SUPPORTED_DTYPES and array.size:
        low, high = array.min(), array.max()
        if np.iinfo(np.int32).min <= low and high <= np.iinfo(np.int32).max:
            array = array.astype(np.int32)
        elif -2**53 <= low and high <= 2**53:
            array = array.astype(np.float64)
        else:
            raise ValueError(f"{name} has integer values beyond 2**53, which cannot be compared exactly")
    elif array.dtype == np.float16:
        array = array.astype(np.float32)
    return as_image(array, name)


def finite_float64(image, name="image"):
    """`image` as a C-contiguous float64 copy, refusing NaN and infinities."""
    values = np.ascontiguousarray(as_value_image(image, name), dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return values


def float_dtype(dtype):
    """The output dtype of a linear filter: float64 stays float64,
    everything else computes in float32."""
    return np.dtype(np.float64) if dtype == np.float64 else np.dtype(np.float32)


def float_output(image, out):
    """A new float output for `image`, or `out` checked to take it.

    `out` may be float32 or float64 (that is the precision used); it must
    have `image`'s shape and be C-contiguous and writable.
    """
    if out is None:
        return np.empty(image.shape, float_dtype(image.dtype))
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out must be a numpy array, got {type(out).__name__}")
    if out.dtype not in (np.float32, np.float64):
        raise TypeError(f"out must be float32 or float64, got {out.dtype}")
    if out.shape != image.shape:
        raise ValueError(f"out has shape {out.shape}, expected {image.shape}")
    if not out.flags.c_contiguous:
        raise ValueError("out must be C-contiguous")
    if not out.flags.writeable:
        raise ValueError("out must be writable")
    return out


def separate_input(image, out):
    """`image`, copied if `out` shares its memory (the kernels read the
    input after they start writing)."""
    if out is not None and np.shares_memory(image, out):
        return image.copy()
    return image


def per_axis(value, ndim, name, kind=float):
    """`value` (a scalar or one value per axis) as a tuple of `ndim` values."""
    if type(value) is (int if kind is int else float) or (kind is float and type(value) is int):
        return (kind(value),) * ndim  # the common case, without numpy calls
    if np.ndim(value) == 0:
        values = (value,) * ndim
    else:
        values = tuple(np.asarray(value).ravel().tolist())
        if len(values) != ndim:
            raise ValueError(f"{name} needs 1 or {ndim} values (one per axis), got {len(values)}")
    result = []
    for v in values:
        if kind is int:
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                if isinstance(v, numbers.Real) and float(v).is_integer():
                    v = int(v)
                else:
                    raise TypeError(f"{name} must be integers, got {value!r}")
            result.append(int(v))
        else:
            if not isinstance(v, numbers.Real):
                raise TypeError(f"{name} must be real numbers, got {value!r}")
            result.append(float(v))
    return tuple(result)


def pixel_sizes(value, ndim, name):
    """`spacing`/`sampling`: None (1 per axis), a scalar or one value per
    axis, each finite and > 0, as a tuple of `ndim` floats."""
    if value is None:
        return (1.0,) * ndim
    values = per_axis(value, ndim, name)
    if not all(math.isfinite(v) and v > 0 for v in values):
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return values


def mode_code(mode):
    """The kernel's code for a boundary mode name."""
    try:
        return MODES[mode]
    except (KeyError, TypeError):
        raise ValueError(f"mode must be one of {sorted(MODES)}, got {mode!r}") from None


def border_cval(dtype, mode, cval):
    """`cval` as a float, refused when a constant border would put it into
    an integer image whose range it leaves (after truncation toward zero):
    scipy casts it in C, where that conversion is undefined (it wraps on
    x86: 300 becomes 44 in uint8), so there is no defined result to match."""
    value = float(cval)
    dtype = np.dtype(dtype)
    if MODES.get(mode) == MODES["constant"] and dtype.kind in "iu":
        info = np.iinfo(dtype)
        if not math.isfinite(value) or not info.min <= math.trunc(value) <= info.max:
            raise ValueError(f"cval {cval!r} does not fit the image's {dtype} range {info.min}..{info.max}")
    return value


def check_sigma(sigma, ndim, name="sigma"):
    values = per_axis(sigma, ndim, name)
    for s in values:
        if not math.isfinite(s) or s < 0:
            raise ValueError(f"{name} must be finite and >= 0, got {sigma!r}")
    return values


def check_positive(value, name):
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return value


def normalize_axis(axis, ndim):
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer or None, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for a {ndim}D image")
    return int(axis) % ndim
