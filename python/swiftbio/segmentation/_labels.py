"""Operations on label images, built from the labeling and distance kernels
and vectorised numpy indexing (no Python loops over pixels)."""
import numpy as np

from .._labels import as_label_image
from ..measure import label
from ..morphology import distance_transform_edt

__all__ = ["relabel_sequential", "clear_border", "expand_labels"]


def _present_labels(labels):
    """Sorted distinct values of a non-negative integer array."""
    top = int(labels.max()) if labels.size else 0
    if top <= 4 * labels.size + 65536:
        return np.flatnonzero(np.bincount(labels.ravel(), minlength=top + 1))
    return np.unique(labels)


def relabel_sequential(label_field, offset=1):
    """Relabel to ``offset, offset + 1, ...`` keeping 0, as
    :func:`skimage.segmentation.relabel_sequential`.

    Parameters
    ----------
    label_field : ndarray of int
        Non-negative labels (any number of dimensions).
    offset : int, optional
        First new label (> 0). Default 1.

    Returns
    -------
    relabeled : ndarray
        Same dtype as the input, or wider if the new labels need it.
    forward_map : ndarray
        ``forward_map[old] == new`` (0 for absent labels).
    inverse_map : ndarray
        ``inverse_map[new] == old``.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import relabel_sequential
    >>> relabeled, fw, inv = relabel_sequential(np.array([[0, 5], [9, 5]]))
    >>> relabeled
    array([[0, 1],
           [2, 1]])
    >>> int(fw[9]), int(inv[2])
    (2, 9)
    """
    labels = np.asarray(label_field)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"label_field must have an integer dtype, got {labels.dtype}")
    if isinstance(offset, bool) or int(offset) != offset or offset <= 0:
        raise ValueError(f"offset must be a positive integer, got {offset!r}")
    offset = int(offset)
    if labels.size and labels.min() < 0:
        raise ValueError("cannot relabel an array that contains negative values")
    present = _present_labels(labels)
    nonzero = present[present != 0]
    new = np.arange(offset, offset + len(nonzero))
    required = np.min_scalar_type(int(new[-1]) if len(new) else 0)
    dtype = required if labels.dtype.itemsize < required.itemsize else labels.dtype
    forward = np.zeros(int(present[-1]) + 1 if len(present) else 1, dtype)
    forward[nonzero] = new
    inverse = np.zeros(offset + len(nonzero), labels.dtype)
    inverse[new] = nonzero
    return forward[labels], forward, inverse


def clear_border(labels, buffer_size=0, bgval=0, mask=None):
    """Remove objects that touch the image border (or lie outside `mask`),
    as :func:`skimage.segmentation.clear_border`.

    Parameters
    ----------
    labels : ndarray of int or bool, 2D or 3D
    buffer_size : int, optional
        Width of the border band that counts as touching.
    bgval : int, optional
        Value the removed objects get.
    mask : ndarray of bool, optional
        Objects touching pixels outside the mask are removed instead.

    Returns
    -------
    ndarray
        A copy of `labels` with those objects set to `bgval`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import clear_border
    >>> labels = np.array([[1, 0, 0, 0],
    ...                    [0, 0, 2, 0],
    ...                    [0, 0, 0, 0]])
    >>> clear_border(labels)
    array([[0, 0, 0, 0],
           [0, 0, 2, 0],
           [0, 0, 0, 0]])
    """
    image = np.asarray(labels)
    as_label_image(image, "labels")
    if int(buffer_size) != buffer_size or buffer_size < 0:
        raise ValueError(f"buffer_size must be a non-negative integer, got {buffer_size!r}")
    if mask is None and any(buffer_size >= size for size in image.shape):
        raise ValueError("buffer size may not be greater than labels size")
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != image.shape:
            raise ValueError(f"mask shape {mask.shape} does not match labels shape {image.shape}")
        borders = ~mask
    else:
        borders = np.zeros(image.shape, bool)
        width = int(buffer_size) + 1
        for axis in range(image.ndim):
            index = [slice(None)] * image.ndim
            index[axis] = slice(None, width)
            borders[tuple(index)] = True
            index[axis] = slice(-width, None)
            borders[tuple(index)] = True
    components, count = label(image, background=0, return_num=True)
    touching = np.zeros(count + 1, bool)
    touching[components[borders]] = True
    result = image.copy()
    result[touching[components]] = bgval
    return result


def expand_labels(label_image, distance=1, spacing=1):
    """Grow labels into the background by up to `distance`, without
    overlap, as :func:`skimage.segmentation.expand_labels`.

    Each background pixel within `distance` of a label takes the label of
    its nearest labeled pixel (ties resolved as scipy's feature transform
    resolves them).

    Parameters
    ----------
    label_image : ndarray of int, 2D or 3D
    distance : float, optional
    spacing : float or sequence of float, optional
        Pixel size per axis.

    Returns
    -------
    ndarray
        The expanded labels, same dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.segmentation import expand_labels
    >>> expand_labels(np.array([[0, 0, 1, 0, 0, 0, 2]]), distance=1)
    array([[0, 1, 1, 1, 0, 2, 2]])
    """
    labels = np.asarray(label_image)
    as_label_image(labels)
    distances, nearest = distance_transform_edt(labels == 0, sampling=spacing, return_indices=True)
    out = np.zeros_like(labels)
    grow = distances <= distance
    out[grow] = labels[tuple(axis[grow] for axis in nearest)]
    return out
