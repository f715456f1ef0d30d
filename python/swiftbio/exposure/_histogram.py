import warnings

import numpy as np

from .. import _core
from .._arrays import as_image

__all__ = ["histogram"]


def _flat_image(image):
    """Any-dimensional `image` as a 2D view/copy the kernels read; small
    and wide integer types become int32 when their values fit."""
    array = np.asarray(image)
    if array.dtype.kind == "c" or array.dtype.kind not in "biuf":
        raise TypeError(f"image must be real-valued, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError("image must not be empty")
    if array.dtype == np.bool_:
        array = array.view(np.uint8)
    elif array.dtype in (np.int8, np.int16, np.int64, np.uint64):
        if array.min() < np.iinfo(np.int32).min or array.max() > np.iinfo(np.int32).max:
            raise ValueError("integer image values outside the int32 range are not supported")
        array = array.astype(np.int32)
    elif array.dtype == np.float16:
        array = array.astype(np.float32)
    return as_image(array.reshape(1, -1))


def histogram(image, nbins=256, source_range="image", normalize=False):
    """Histogram of pixel values, as :func:`skimage.exposure.histogram`.

    Integer images get one bin per integer value (`nbins` is ignored);
    float images `nbins` equal bins over their range, binned exactly as
    :func:`numpy.histogram` bins them.

    Parameters
    ----------
    image : array_like
        Any number of dimensions (flattened).
    nbins : int, optional
    source_range : {'image', 'dtype'}, optional
        The range of the bins: the image's values, or its dtype's range.
    normalize : bool, optional
        Divide the counts by their sum.

    Returns
    -------
    hist : ndarray
    bin_centers : ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.exposure import histogram
    >>> hist, centers = histogram(np.array([[3, 3, 5]], dtype=np.uint8))
    >>> hist, centers
    (array([2, 0, 1]), array([3, 4, 5]))
    """
    return _histogram(image, nbins, source_range, normalize)


def _histogram(image, nbins=256, source_range="image", normalize=False, extrema=None):
    """`histogram`, optionally with the image's (min, max) already known."""
    shape = np.shape(image)
    if len(shape) == 3 and shape[-1] < 4:
        warnings.warn("This might be a color image. The histogram will be computed on the flattened image. "
                      "You can instead apply this function to each color channel.", stacklevel=2)
    if source_range not in ("image", "dtype"):
        raise ValueError(f"source_range must be 'image' or 'dtype', got {source_range!r}")
    original_dtype = np.asarray(image).dtype
    flat = _flat_image(image)
    if flat.dtype.kind in "iub":
        if source_range == "image":
            low, high = (int(v) for v in (extrema or _core.min_max(flat)))
        else:
            info = np.iinfo(original_dtype) if original_dtype != np.bool_ else np.iinfo(np.uint8)
            low, high = int(info.min), int(info.max)
            if original_dtype == np.bool_:
                high = 1
        counts = _core.histogram(flat, np.zeros(high - low + 1, np.int64), low, high)
        centers = np.arange(low, high + 1)
    else:
        if source_range == "image":
            low, high = extrema or _core.min_max(flat)
            bounds = np.array([low, high], dtype=flat.dtype)
            edges = np.histogram_bin_edges(bounds, bins=nbins)
        else:
            edges = np.histogram_bin_edges(np.array([-1, 1], dtype=flat.dtype), bins=nbins, range=(-1, 1))
        counts = _core.histogram(flat, np.zeros(len(edges) - 1, np.int64), np.ascontiguousarray(edges))
        centers = (edges[:-1] + edges[1:]) / 2.0
    if normalize:
        counts = counts / np.sum(counts)
    return counts, centers
