"""Watershed and region growing: argument policy here, flooding in the engine."""
import math
import numbers

import numpy as np

from .. import _core
from .._arrays import as_value_image, finite_float64
from .._labels import check_connectivity
from ..measure import label
from ..morphology import local_minima

__all__ = ["watershed", "flood", "flood_fill"]


def _regular_seeds(shape, count):
    """About `count` seeds on a regular grid, numbered in raster order
    (scikit-image's regular_seeds): steps of (size / count)^(1/ndim), a
    dimension shorter than its step gets one seed and the others share the
    rest; grids start half a step in."""
    dims = np.asarray(shape)
    order = np.argsort(dims, kind="stable")
    sorted_dims = dims[order]
    seeds = np.zeros(shape, np.int32)
    size = float(np.prod(dims))
    if size <= count:
        seeds[...] = 1 + np.arange(seeds.size).reshape(shape)
        return seeds
    steps = np.full(len(dims), (size / count) ** (1.0 / len(dims)))
    if (sorted_dims < steps).any():
        for axis in range(len(dims)):
            steps[axis] = sorted_dims[axis]
            rest = float(np.prod(sorted_dims[axis + 1:]))
            steps[axis + 1:] = (rest / count) ** (1.0 / (len(dims) - axis - 1))
            if (sorted_dims >= steps).all():
                break
    starts = (steps // 2).astype(int)
    steps = np.round(steps).astype(int)
    grid = [None] * len(dims)
    for rank, axis in enumerate(order):
        grid[axis] = slice(starts[rank], None, steps[rank])
    grid = tuple(grid)
    seeds[grid] = 1 + np.arange(seeds[grid].size).reshape(seeds[grid].shape)
    return seeds


def watershed(image, markers=None, connectivity=1, mask=None, compactness=0, watershed_line=False):
    """Flood `image` from markers, exactly as
    :func:`skimage.segmentation.watershed` (ties included).

    Parameters
    ----------
    image : ndarray, 2D or 3D
        Finite values; lower floods first.
    markers : ndarray of int, int or None, optional
        Seed labels (0 unlabeled); an int places about that many seeds on a
        regular grid; None seeds every regional minimum.
    connectivity : int, optional
        1 … ndim orthogonal steps to a neighbour.
    mask : ndarray of bool, optional
        Only these pixels are flooded.
    compactness : float, optional
        > 0: compact watershed (cost grows with distance from the seed).
    watershed_line : bool, optional
        Leave one-pixel lines (label 0) between basins.

    Returns
    -------
    labels : ndarray of int32

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import watershed
    >>> image = np.array([[0, 1, 2, 1, 0]], dtype=float)
    >>> markers = np.array([[1, 0, 0, 0, 2]])
    >>> watershed(image, markers)
    array([[1, 1, 1, 2, 2]], dtype=int32)
    """
    values = finite_float64(image)
    connectivity = check_connectivity(connectivity, values.ndim)
    compactness = float(compactness)
    if not math.isfinite(compactness) or compactness < 0:
        raise ValueError(f"compactness must be finite and >= 0, got {compactness!r}")
    if mask is not None:
        mask = np.ascontiguousarray(np.asarray(mask, dtype=bool))
        if mask.shape != values.shape:
            raise ValueError(f"`mask` (shape {mask.shape}) must have same shape as `image` (shape {values.shape})")
    given = None
    if markers is None:
        minima = local_minima(np.asarray(image), connectivity=connectivity)
        if mask is not None:
            minima &= mask
        seeds = label(minima, connectivity=connectivity)
    elif isinstance(markers, numbers.Number) and not isinstance(markers, bool):
        pixels = values.size if mask is None else int(mask.sum())
        seeds = _regular_seeds(values.shape, int(markers / (pixels / values.size)))
        if mask is not None:
            seeds *= mask
    else:
        given = np.asarray(markers)
        if given.shape != values.shape:
            raise ValueError(f"`markers` (shape {given.shape}) must have same shape as `image` (shape {values.shape})")
        if given.dtype.kind not in "biu":
            raise ValueError(f"markers must be an integer label array, got dtype {given.dtype}")
        if given.size and not np.can_cast(given.dtype, np.int32) and (
                given.min() < np.iinfo(np.int32).min or given.max() > np.iinfo(np.int32).max):
            raise ValueError("marker labels must fit in int32")
        # The engine ignores markers outside `mask` and writes 0 there.
        seeds = given
    line = int(bool(watershed_line))
    if seeds is given and given.dtype == np.int32 and given.flags.c_contiguous:
        # The user's markers are read as they are; the basins go to a new array.
        return _core.watershed(values, given, np.empty(given.shape, np.int32), mask, connectivity, compactness, line)
    # Our own int32 array (a copy of the user's markers), flooded in place.
    seeds = np.array(seeds, dtype=np.int32, order="C", copy=True) if seeds is given else np.ascontiguousarray(seeds, np.int32)
    return _core.watershed(values, seeds, seeds, mask, connectivity, compactness, line)


def _neighbour_offsets(ndim, footprint, connectivity):
    if footprint is None:
        steps = ndim if connectivity is None else min(int(connectivity), ndim)
        if steps < 1:
            raise ValueError(f"connectivity must be >= 1, got {connectivity!r}")
        grid = np.indices((3,) * ndim).reshape(ndim, -1).T - 1
        keep = (np.abs(grid).sum(axis=1) > 0) & ((grid != 0).sum(axis=1) <= steps)
        return np.ascontiguousarray(grid[keep], dtype=np.int64)
    fp = np.asarray(footprint, dtype=bool)
    if fp.ndim != ndim or any(s % 2 == 0 for s in fp.shape):
        raise ValueError("footprint must have the image's dimensions and odd sizes")
    offsets = np.argwhere(fp) - np.array(fp.shape) // 2
    return np.ascontiguousarray(offsets[np.abs(offsets).sum(axis=1) > 0], dtype=np.int64)


def flood(image, seed_point, *, footprint=None, connectivity=None, tolerance=None):
    """The region connected to `seed_point` with values within `tolerance`
    of the seed's, as :func:`skimage.morphology.flood`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import flood
    >>> flood(np.array([[1, 1, 2], [5, 1, 1]]), (0, 0)).astype(int)
    array([[1, 1, 0],
           [0, 1, 1]])
    """
    array = as_value_image(image)
    seed = tuple(int(s) for s in np.atleast_1d(seed_point))
    if len(seed) != array.ndim:
        raise ValueError(f"seed_point needs {array.ndim} coordinates, got {seed_point!r}")
    seed = tuple(s % n if -n <= s < n else s for s, n in zip(seed, array.shape))
    if any(not 0 <= s < n for s, n in zip(seed, array.shape)):
        raise IndexError(f"seed_point {seed_point!r} is outside the image of shape {array.shape}")
    value = float(array[seed])
    if tolerance is None:
        low = high = value
    else:
        tolerance = abs(float(tolerance))
        low, high = value - tolerance, value + tolerance
        # scikit-image casts the bounds into the image's type: integers
        # truncate toward zero, float32 rounds.
        original = np.asarray(image).dtype
        if original.kind in "iu":
            info = np.iinfo(original)
            low, high = float(math.trunc(max(low, info.min))), float(math.trunc(min(high, info.max)))
        elif original == np.float32:
            low, high = float(np.float32(low)), float(np.float32(high))
    offsets = _neighbour_offsets(array.ndim, footprint, connectivity)
    return _core.flood(array, seed, offsets, low, high, np.empty(array.shape, bool))


def flood_fill(image, seed_point, new_value, *, footprint=None, connectivity=None, tolerance=None, in_place=False):
    """Set the flooded region (see :func:`flood`) to `new_value`, as
    :func:`skimage.morphology.flood_fill`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import flood_fill
    >>> flood_fill(np.array([[1, 1, 2], [5, 1, 1]]), (0, 0), 9)
    array([[9, 9, 2],
           [5, 9, 9]])
    """
    region = flood(image, seed_point, footprint=footprint, connectivity=connectivity, tolerance=tolerance)
    target = image if in_place else np.array(image, copy=True)
    target[region] = new_value
    return target
