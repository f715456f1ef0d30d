import numpy as np

from .. import _core
from .._arrays import finite_float64
from .._labels import check_connectivity

__all__ = ["local_minima"]


def local_minima(image, connectivity=None):
    """Regional minima (plateaus with no lower neighbour), as
    :func:`skimage.morphology.local_minima` with borders allowed.

    Parameters
    ----------
    image : ndarray, 2D or 3D
    connectivity : int, optional
        1 ... ndim (default ndim).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.morphology import local_minima
    >>> local_minima(np.array([[3, 1, 3, 3], [3, 3, 3, 0]])).astype(int)
    array([[0, 1, 0, 0],
           [0, 0, 0, 1]])
    """
    values = finite_float64(image)
    connectivity = check_connectivity(connectivity, values.ndim)
    return _core.regional_minima(values, np.empty(values.shape, bool), connectivity)
