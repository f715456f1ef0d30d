"""Rank filters: minimum and maximum over a box or a footprint."""
import numpy as np

from .. import _core
from .._arrays import as_image, mode_code, per_axis

__all__ = ["minimum", "maximum"]


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
    if out is None:
        out = np.empty_like(array)
    elif not isinstance(out, np.ndarray) or out.dtype != array.dtype or out.shape != array.shape \
            or not out.flags.c_contiguous or not out.flags.writeable:
        raise ValueError("out must be a writable C-contiguous array of the image's dtype and shape")
    return _core.extremum_filter(array, out, fp, int(minimum), mode_code(mode), float(cval))


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
