"""Grey and binary morphology: compositions of the minimum/maximum kernel,
with scikit-image's footprint, border and dtype conventions."""
import numpy as np

from .. import _core
from .._arrays import as_image, border_cval, mode_code
from ..filters._rank import footprint_array
from ._footprints import generate_binary_structure

__all__ = ["erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat", "morphological_gradient",
           "binary_erosion", "binary_dilation", "binary_opening", "binary_closing"]

_MODES = ("reflect", "constant", "nearest", "mirror", "wrap", "max", "min", "ignore")


def _footprint(image, footprint, connectivity=None):
    if footprint is None:
        return generate_binary_structure(image.ndim, connectivity or 1)
    return footprint_array(None, footprint, image.ndim)


def _pad_front(fp):
    """Odd sizes by a row of zeros at the front of even axes (scikit-image's
    ``pad_footprint(pad_end=False)``)."""
    return np.pad(fp, [(1 - s % 2, 0) for s in fp.shape])


def _mirror(fp):
    return np.ascontiguousarray(fp[(slice(None, None, -1),) * fp.ndim])


def _border(dtype, mode, cval, extreme):
    """scipy mode code and cval; 'max'/'min' are a constant border at the
    dtype's extreme (infinities for floats)."""
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")
    if mode in ("max", "min"):
        high = mode == "max"
        if dtype == np.bool_:
            value = float(high)
        elif np.issubdtype(dtype, np.integer):
            value = float(np.iinfo(dtype).max if high else np.iinfo(dtype).min)
        else:
            value = np.inf if high else -np.inf
        return mode_code("constant"), value
    return mode_code(mode), border_cval(dtype, mode, cval)


def _apply(minimum, image, fp, mode, cval, out):
    code, value = _border(image.dtype, mode, cval, minimum)
    target = np.empty_like(image) if out is None or out is image else out
    result = _core.extremum_filter(image, target, np.ascontiguousarray(fp, dtype=bool), int(minimum), code, value)
    if out is image:
        image[...] = result
        return image
    return result


def erosion(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """Grey erosion: the minimum over the footprint, as
    :func:`skimage.morphology.erosion` (even-sized footprints are padded
    at the front; ``mode='ignore'`` treats the outside as the maximum).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import erosion, disk
    >>> erosion(np.array([[1, 9, 9, 9, 1]], dtype=np.uint8), np.ones((1, 3)))
    array([[1, 1, 9, 1, 1]], dtype=uint8)
    """
    array = as_image(image)
    return _apply(True, array, _pad_front(_footprint(array, footprint)), "max" if mode == "ignore" else mode, cval, out)


def dilation(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """Grey dilation: the maximum over the footprint, as
    :func:`skimage.morphology.dilation` (``mode='ignore'``: the outside
    counts as the minimum).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import dilation
    >>> dilation(np.array([[0, 0, 5, 0, 0]], dtype=np.uint8), np.ones((1, 3)))
    array([[0, 5, 5, 5, 0]], dtype=uint8)
    """
    array = as_image(image)
    return _apply(False, array, _pad_front(_footprint(array, footprint)), "min" if mode == "ignore" else mode, cval, out)


def opening(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """Erosion then dilation with the mirrored footprint (removes bright
    details smaller than the footprint), as :func:`skimage.morphology.opening`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import opening
    >>> opening(np.array([[0, 0, 5, 0, 0]], dtype=np.uint8), np.ones((1, 3)))
    array([[0, 0, 0, 0, 0]], dtype=uint8)
    """
    array = as_image(image)
    fp = _pad_front(_footprint(array, footprint))
    return dilation(erosion(array, fp, mode=mode, cval=cval), _mirror(fp), out=out, mode=mode, cval=cval)


def closing(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """Dilation then erosion with the mirrored footprint (fills dark
    details smaller than the footprint), as :func:`skimage.morphology.closing`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import closing
    >>> closing(np.array([[5, 5, 0, 5, 5]], dtype=np.uint8), np.ones((1, 3)))
    array([[5, 5, 5, 5, 5]], dtype=uint8)
    """
    array = as_image(image)
    fp = _pad_front(_footprint(array, footprint))
    return erosion(dilation(array, fp, mode=mode, cval=cval), _mirror(fp), out=out, mode=mode, cval=cval)


def white_tophat(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """``image − opening(image)``: bright details smaller than the footprint.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import white_tophat
    >>> white_tophat(np.array([[1, 1, 6, 1, 1]], dtype=np.uint8), np.ones((1, 3)))
    array([[0, 0, 5, 0, 0]], dtype=uint8)
    """
    array = as_image(image)
    opened = opening(array, footprint, mode=mode, cval=cval)
    result = np.logical_xor(array, opened) if array.dtype == np.bool_ else np.subtract(array, opened)
    if out is not None:
        out[...] = result
        return out
    return result


def black_tophat(image, footprint=None, out=None, *, mode="reflect", cval=0.0):
    """``closing(image) − image``: dark details smaller than the footprint.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import black_tophat
    >>> black_tophat(np.array([[6, 6, 1, 6, 6]], dtype=np.uint8), np.ones((1, 3)))
    array([[0, 0, 5, 0, 0]], dtype=uint8)
    """
    array = as_image(image)
    closed = closing(array, footprint, mode=mode, cval=cval)
    result = np.logical_xor(closed, array) if array.dtype == np.bool_ else np.subtract(closed, array)
    if out is not None:
        out[...] = result
        return out
    return result


def morphological_gradient(image, footprint=None, *, mode="reflect", cval=0.0):
    """``dilation − erosion`` over the same footprint (edges' strength).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import morphological_gradient
    >>> morphological_gradient(np.array([[1, 1, 6, 6]], dtype=np.uint8), np.ones((1, 3)))
    array([[0, 5, 5, 0]], dtype=uint8)
    """
    array = as_image(image)
    dilated = dilation(array, footprint, mode=mode, cval=cval)
    eroded = erosion(array, footprint, mode=mode, cval=cval)
    if array.dtype == np.bool_:
        return np.logical_xor(dilated, eroded)  # numpy refuses bool subtraction
    with np.errstate(invalid="ignore"):
        return np.subtract(dilated, eroded)


def _binary_border(mode, erode):
    if mode not in ("ignore", "max", "min"):
        raise ValueError(f"mode must be 'ignore', 'max' or 'min', got {mode!r}")
    outside_true = mode == "max" or (mode == "ignore" and erode)
    return mode_code("constant"), float(outside_true)


def _binary(image):
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"image must be boolean or numeric, got dtype {array.dtype}")
    # `!= 0` on a bool array casts it to int64 first: as costly as the erosion itself.
    return as_image(array if array.dtype == np.bool_ else array != 0)


def binary_erosion(image, footprint=None, out=None, *, mode="ignore", connectivity=None, iterations=1):
    """Binary erosion (nonzero pixels are True), as
    :func:`skimage.morphology.binary_erosion` / scipy's with the border as
    `mode` says ('ignore' and 'max': True outside; 'min': False outside,
    scipy's ``border_value=0``). Default footprint: the cross
    (`connectivity` 1) or `connectivity`'s structure.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import binary_erosion
    >>> binary_erosion(np.array([[1, 1, 1, 0]], dtype=bool), np.ones((1, 3))).astype(int)
    array([[1, 1, 0, 0]])
    """
    mask = _binary(image)
    fp = _footprint(mask, footprint, connectivity)
    code, value = _binary_border(mode, True)
    for _ in range(_iterations(iterations)):
        mask = _core.extremum_filter(mask, np.empty_like(mask), fp, 1, code, value)
    return _store(mask, out)


def binary_dilation(image, footprint=None, out=None, *, mode="ignore", connectivity=None, iterations=1):
    """Binary dilation, as :func:`skimage.morphology.binary_dilation` /
    scipy's (the footprint is mirrored; outside counts as False unless
    ``mode='max'``).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import binary_dilation
    >>> binary_dilation(np.array([[0, 0, 1, 0, 0]], dtype=bool), np.ones((1, 3))).astype(int)
    array([[0, 1, 1, 1, 0]])
    """
    mask = _binary(image)
    fp = _pad_front(_mirror(_footprint(mask, footprint, connectivity)))
    code, value = _binary_border(mode, False)
    for _ in range(_iterations(iterations)):
        mask = _core.extremum_filter(mask, np.empty_like(mask), np.ascontiguousarray(fp), 0, code, value)
    return _store(mask, out)


def binary_opening(image, footprint=None, out=None, *, mode="ignore", connectivity=None, iterations=1):
    """Binary erosion then dilation (removes foreground smaller than the footprint).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import binary_opening
    >>> binary_opening(np.array([[0, 1, 0, 1, 1, 1]], dtype=bool), np.ones((1, 3))).astype(int)
    array([[0, 0, 0, 1, 1, 1]])
    """
    eroded = binary_erosion(image, footprint, mode=mode, connectivity=connectivity, iterations=iterations)
    return binary_dilation(eroded, footprint, out=out, mode=mode, connectivity=connectivity, iterations=iterations)


def binary_closing(image, footprint=None, out=None, *, mode="ignore", connectivity=None, iterations=1):
    """Binary dilation then erosion (fills background gaps smaller than the footprint).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import binary_closing
    >>> binary_closing(np.array([[1, 1, 0, 1, 1]], dtype=bool), np.ones((1, 3))).astype(int)
    array([[1, 1, 1, 1, 1]])
    """
    dilated = binary_dilation(image, footprint, mode=mode, connectivity=connectivity, iterations=iterations)
    return binary_erosion(dilated, footprint, out=out, mode=mode, connectivity=connectivity, iterations=iterations)


def _iterations(iterations):
    if isinstance(iterations, bool) or int(iterations) != iterations or iterations < 1:
        raise ValueError(f"iterations must be an integer >= 1, got {iterations!r}")
    return int(iterations)


def _store(mask, out):
    if out is None:
        return mask
    out[...] = mask
    return out
