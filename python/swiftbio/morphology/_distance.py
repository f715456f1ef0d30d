import numpy as np

from .. import _core
from .._arrays import SUPPORTED_DTYPES, as_image, pixel_sizes

__all__ = ["distance_transform_edt"]


def distance_transform_edt(input, sampling=None, return_distances=True, return_indices=False):
    """Exact Euclidean distance transform, as
    :func:`scipy.ndimage.distance_transform_edt`.

    For every nonzero pixel, the distance to the nearest zero pixel.

    Parameters
    ----------
    input : array_like, 2D or 3D
        Nonzero pixels are foreground.
    sampling : float or sequence of float, optional
        Pixel size along each axis (anisotropic voxels).
    return_distances, return_indices : bool, optional
        What to return. Indices are those of a nearest zero pixel, chosen
        among equally near ones exactly as scipy chooses.

    Returns
    -------
    distances : ndarray of float64
    indices : ndarray of int32, shape ``(ndim,) + input.shape``

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import distance_transform_edt
    >>> mask = np.ones((3, 5), dtype=bool)
    >>> mask[:, 0] = False
    >>> distance_transform_edt(mask, sampling=(1, 0.5))[0]
    array([0. , 0.5, 1. , 1.5, 2. ])
    """
    if not (return_distances or return_indices):
        raise ValueError("at least one of return_distances and return_indices must be True")
    array = np.asarray(input)
    if array.dtype not in SUPPORTED_DTYPES:
        if array.dtype.kind not in "biuf":
            raise TypeError(f"input must be numeric, got dtype {array.dtype}")
        array = array != 0
    image = as_image(array, "input")
    sampling = pixel_sizes(sampling, image.ndim, "sampling")
    if not return_indices:
        return _core.distance_transform(image, np.empty(image.shape, np.float64), sampling)
    indices = np.empty((image.ndim,) + image.shape, np.int32)
    distances = np.empty(image.shape, np.float64) if return_distances else None
    _core.feature_transform(image, indices, distances, sampling)
    return (distances, indices) if return_distances else indices
