import numpy as np

from .. import _core
from .._labels import as_label_image, check_connectivity

__all__ = ["label", "find_objects"]


def label(label_image, background=0, return_num=False, connectivity=None):
    """Label connected regions of an integer image, as
    :func:`skimage.measure.label`.

    Neighbouring pixels with the same value (other than `background`) get
    the same label; labels are numbered 1, 2, ... in raster order of each
    region's first pixel.

    Parameters
    ----------
    label_image : ndarray, 2D or 3D
        bool or integer image (float images raise ValueError).
    background : int, optional
        Value of background pixels (label 0). Default 0.
    return_num : bool, optional
        Also return the number of labels.
    connectivity : int, optional
        Orthogonal steps a neighbour may be away: 1 (4 in 2D, 6 in 3D) up
        to the number of dimensions (8 / 26, the default).

    Returns
    -------
    labels : ndarray of int32
        (uint32 for images of 2**31 pixels or more, so labels never wrap).
    num : int
        Number of labels, if `return_num`.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.measure import label
    >>> image = np.array([[1, 1, 0, 2],
    ...                   [0, 1, 0, 2],
    ...                   [3, 0, 0, 2]], dtype=np.uint8)
    >>> label(image, connectivity=1)
    array([[1, 1, 0, 2],
           [0, 1, 0, 2],
           [3, 0, 0, 2]], dtype=int32)
    >>> label(image > 0, return_num=True)[1]
    2
    """
    image = as_label_image(label_image)
    connectivity = check_connectivity(connectivity, image.ndim)
    background = 0 if background is None else background
    out = np.empty(image.shape, np.int32 if image.size < 2**31 else np.uint32)
    count = _core.label(image, out, float(background), connectivity)
    return (out, count) if return_num else out


def find_objects(label_image, max_label=0):
    """Bounding boxes of labels, as :func:`scipy.ndimage.find_objects`.

    Parameters
    ----------
    label_image : ndarray of int, 2D or 3D
    max_label : int, optional
        Largest label to report; 0 (default) means the image's maximum.

    Returns
    -------
    list of tuple of slice or None
        Entry ``i`` is the box of label ``i + 1``, or None if absent.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.measure import find_objects
    >>> labels = np.zeros((4, 5), dtype=np.int32)
    >>> labels[1:3, 2:4] = 2
    >>> find_objects(labels)
    [None, (slice(1, 3, None), slice(2, 4, None))]
    """
    image = as_label_image(label_image)
    if max_label is None or max_label < 1:
        max_label = int(image.max()) if image.size else 0
    max_label = max(int(max_label), 0)
    boxes = np.empty((max_label, image.ndim, 2), np.int64)
    _core.find_objects(image, max_label, boxes)
    return [None if box[0, 0] < 0 else tuple(slice(int(a), int(b)) for a, b in box) for box in boxes]
