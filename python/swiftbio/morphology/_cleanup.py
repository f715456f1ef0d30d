"""Clean-up of binary and label images: fill holes, remove small objects
or holes (labeling kernel + vectorised numpy)."""
import warnings

import numpy as np

from .. import _core

from .._labels import check_connectivity
from ..measure import label
from ._footprints import generate_binary_structure

__all__ = ["binary_fill_holes", "remove_small_objects", "remove_small_holes"]

_DEPRECATED = object()


def _connectivity_of(structure, ndim):
    """The connectivity whose structure `structure` is (scipy's
    generate_binary_structure), or ValueError."""
    if structure is None:
        return 1
    structure = np.asarray(structure, dtype=bool)
    for c in range(1, ndim + 1):
        if structure.shape == (3,) * ndim and np.array_equal(structure, generate_binary_structure(ndim, c)):
            return c
    raise ValueError("structure must be a connectivity structure (generate_binary_structure(ndim, c))")


def binary_fill_holes(input, structure=None):
    """Fill the holes of a binary image (background not connected to the
    border), as :func:`scipy.ndimage.binary_fill_holes`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import binary_fill_holes
    >>> ring = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=bool)
    >>> binary_fill_holes(ring).astype(int)
    array([[1, 1, 1],
           [1, 1, 1],
           [1, 1, 1]])
    """
    mask = np.asarray(input)
    if mask.dtype.kind not in "biuf":
        raise TypeError(f"input must be boolean or numeric, got dtype {mask.dtype}")
    if mask.dtype != np.bool_:
        mask = mask != 0
    background, count = label(~mask, connectivity=_connectivity_of(structure, mask.ndim), return_num=True)
    # Filled: the mask (label 0 of the background) and background regions not touching the border.
    filled = np.ones(count + 1, np.uint8)
    for axis in range(mask.ndim):
        for end in (0, -1):
            filled[np.take(background, end, axis=axis)] = 0
    filled[0] = 1
    out = np.empty(mask.shape, bool)
    _core.label_lookup(background, filled, out)
    return out


def remove_small_objects(ar, min_size=_DEPRECATED, connectivity=1, *, max_size=64, out=None):
    """Remove objects of at most `max_size` pixels (the deprecated
    `min_size` is taken as `max_size`, as scikit-image 0.26 does), as
    :func:`skimage.morphology.remove_small_objects`: a bool image is
    labeled with `connectivity`, an integer image is taken as labels.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import remove_small_objects
    >>> image = np.array([[1, 1, 0, 0, 1]], dtype=bool)
    >>> remove_small_objects(image, max_size=1).astype(int)
    array([[1, 1, 0, 0, 0]])
    """
    array = np.asarray(ar)
    if array.dtype.kind not in "biu":
        raise TypeError(f"only bool or integer images are supported, got {array.dtype}")
    if min_size is not _DEPRECATED:
        # scikit-image 0.26 forwards the deprecated value to max_size (≤).
        warnings.warn("Parameter `min_size` is deprecated; use `max_size` (it removes objects smaller than or equal "
                      "to its value).", FutureWarning, stacklevel=2)
        max_size = min_size
    if max_size == 0:
        if out is None:
            return array.copy()
        out[...] = array
        return out
    if array.dtype == bool:
        # Components found, sized and kept in the engine, without a label image.
        result = np.empty(array.shape, dtype=bool)
        _core.remove_small_components(np.ascontiguousarray(array), result, max(int(max_size), -1),
                                      check_connectivity(connectivity, array.ndim))
        if out is not None:
            out[...] = result
            return out
        return result
    if array.size and array.min() < 0:
        raise ValueError("Negative value labels are not supported.")
    labels = array
    if labels.dtype not in (np.uint8, np.uint16, np.int32, np.uint32):
        if labels.size and labels.max() > np.iinfo(np.uint32).max:
            raise ValueError("labels above 2**32 - 1 are not supported")
        labels = labels.astype(np.uint32)
    labels = np.ascontiguousarray(labels)
    result = np.empty(labels.shape, dtype=labels.dtype)
    largest = _core.remove_small_regions(labels, result, max(int(max_size), -1))
    if largest == 1:
        warnings.warn("Only one label was provided to `remove_small_objects`. Did you mean to use a boolean array?",
                      stacklevel=2)
    if result.dtype != array.dtype:
        result = result.astype(array.dtype)
    if out is not None:
        out[...] = result
        return out
    return result


def remove_small_holes(ar, area_threshold=_DEPRECATED, connectivity=1, *, max_size=64, out=None):
    """Fill holes of at most `max_size` pixels (the deprecated
    `area_threshold` is taken as `max_size`), as
    :func:`skimage.morphology.remove_small_holes`; returns bool.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import remove_small_holes
    >>> image = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=bool)
    >>> remove_small_holes(image, max_size=1).astype(int)
    array([[1, 1, 1],
           [1, 1, 1],
           [1, 1, 1]])
    """
    array = np.asarray(ar)
    if array.dtype.kind not in "biu":
        raise TypeError(f"only bool or integer images are supported, got {array.dtype}")
    if array.dtype != bool:
        warnings.warn("Any labeled images will be returned as a boolean array. Did you mean to use a boolean array?",
                      UserWarning, stacklevel=2)
    if area_threshold is not _DEPRECATED:
        warnings.warn("Parameter `area_threshold` is deprecated; use `max_size` (it fills holes smaller than or "
                      "equal to its value).", FutureWarning, stacklevel=2)
        max_size = area_threshold
    holes = ~array.astype(bool)
    kept = remove_small_objects(holes, connectivity=connectivity, max_size=max_size)
    result = ~kept
    if out is not None:
        if out.dtype != bool:
            raise TypeError("out dtype must be bool")
        out[...] = result
        return out
    return result
