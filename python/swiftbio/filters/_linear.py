"""Linear filters: thin wrappers that normalise arguments and call one
engine kernel each."""
import numpy as np

from .. import _core
from .._arrays import (as_image, check_positive, check_sigma, float_output, mode_code, normalize_axis,
                       per_axis, separate_input)
from .._docs import docfiller

__all__ = ["correlate", "convolve", "gaussian", "uniform", "sobel", "prewitt", "laplace",
           "gaussian_laplace", "gaussian_gradient_magnitude", "unsharp_mask"]


def _prepare(image, out):
    image = as_image(image)
    return separate_input(image, out), float_output(image, out)


def _origins(origin, sizes):
    """`origin` per axis, checked against the filter `sizes` as scipy does."""
    origins = per_axis(origin, len(sizes), "origin", int)
    for o, size in zip(origins, sizes):
        if not -(size // 2) <= o <= (size - 1) // 2:
            raise ValueError(f"invalid origin {origin!r} for a filter of shape {tuple(sizes)}: "
                             "need -(size // 2) <= origin <= (size - 1) // 2 on every axis")
    return origins


def _weights(weights, ndim):
    w = np.asarray(weights)
    if w.dtype == object or not (np.issubdtype(w.dtype, np.number) or w.dtype == bool):
        raise TypeError(f"weights must be numeric, got dtype {w.dtype}")
    if w.ndim != ndim:
        raise ValueError(f"weights must have the image's {ndim} dimensions, got shape {w.shape}")
    if w.size == 0:
        raise ValueError("weights must not be empty")
    w = np.ascontiguousarray(w, dtype=np.float64)
    if not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite")
    return w


@docfiller
def correlate(image, weights, *, mode="reflect", cval=0.0, origin=0, out=None):
    """Multidimensional correlation with arbitrary weights.

    ``result[p] = sum_q weights[q] * image[p + q - weights.shape // 2 - origin]``,
    exactly as :func:`scipy.ndimage.correlate`.

    Parameters
    ----------
    %(image)s
    weights : array_like
        Weights with as many dimensions as `image`; computed in the output
        precision.
    %(mode)s
    %(cval)s
    origin : int or sequence of int, optional
        Shift of the weights per axis; ``-(w // 2) <= origin <= (w - 1) // 2``.
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import correlate
    >>> image = np.arange(9, dtype=np.uint8).reshape(3, 3)
    >>> correlate(image, np.ones((1, 3)), mode='constant')
    array([[ 1.,  3.,  3.],
           [ 7., 12.,  9.],
           [13., 21., 15.]], dtype=float32)
    """
    image, output = _prepare(image, out)
    w = _weights(weights, image.ndim)
    origins = _origins(origin, w.shape)
    return _core.correlate(image, output, w, origins, mode_code(mode), float(cval))


@docfiller
def convolve(image, weights, *, mode="reflect", cval=0.0, origin=0, out=None):
    """Multidimensional convolution, exactly as :func:`scipy.ndimage.convolve`.

    Computed as a correlation with the weights flipped on every axis (and,
    like scipy, the origin of even-sized axes moved by one).

    Parameters
    ----------
    %(image)s
    weights : array_like
        Weights with as many dimensions as `image`.
    %(mode)s
    %(cval)s
    origin : int or sequence of int, optional
        Shift of the weights per axis.
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import convolve
    >>> image = np.zeros((3, 5), dtype=np.float32)
    >>> image[1, 2] = 1
    >>> convolve(image, [[1, 2, 3]])[1]
    array([0., 1., 2., 3., 0.], dtype=float32)
    """
    image = as_image(image)
    w = _weights(weights, image.ndim)
    origins = per_axis(origin, image.ndim, "origin", int)
    flipped = np.ascontiguousarray(w[(slice(None, None, -1),) * w.ndim])
    shifted = tuple(-o - (1 - size % 2) for o, size in zip(origins, w.shape))
    return correlate(image, flipped, mode=mode, cval=cval, origin=shifted, out=out)


@docfiller
def gaussian(image, sigma=1.0, *, order=0, mode="reflect", cval=0.0, truncate=4.0, out=None):
    """Gaussian filter, as :func:`scipy.ndimage.gaussian_filter`.

    Separable: one 1D pass per axis with ``sigma > 0``. Unlike
    scikit-image's ``filters.gaussian``, integer images are not rescaled,
    and the default mode is scipy's 'reflect'.

    Parameters
    ----------
    %(image)s
    sigma : float or sequence of float
        Standard deviation per axis (in pixels); 0 leaves an axis alone.
    order : int or sequence of int, optional
        Derivative order per axis (0 smooths; up to 4).
    %(mode)s
    %(cval)s
    %(truncate)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import gaussian
    >>> image = np.zeros((5, 5), dtype=np.uint16)
    >>> image[2, 2] = 1000
    >>> blurred = gaussian(image, sigma=1)
    >>> blurred.dtype, round(float(blurred.sum()), 3)
    (dtype('float32'), 1000.0)
    """
    image, output = _prepare(image, out)
    sigmas = check_sigma(sigma, image.ndim)
    orders = per_axis(order, image.ndim, "order", int)
    if any(o < 0 or o > 4 for o in orders):
        raise ValueError(f"order must be between 0 and 4, got {order!r}")
    return _core.gaussian(image, output, sigmas, orders, check_positive(truncate, "truncate"),
                          mode_code(mode), float(cval))


@docfiller
def uniform(image, size=3, *, mode="reflect", cval=0.0, origin=0, out=None):
    """Mean over a box (box filter), as :func:`scipy.ndimage.uniform_filter`.

    Parameters
    ----------
    %(image)s
    size : int or sequence of int
        Box size per axis (>= 1).
    %(mode)s
    %(cval)s
    origin : int or sequence of int, optional
        Shift of the box per axis.
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import uniform
    >>> uniform(np.eye(3), size=3, mode='constant')
    array([[0.22222222, 0.22222222, 0.11111111],
           [0.22222222, 0.33333333, 0.22222222],
           [0.11111111, 0.22222222, 0.22222222]])
    """
    image, output = _prepare(image, out)
    sizes = per_axis(size, image.ndim, "size", int)
    if any(s < 1 for s in sizes):
        raise ValueError(f"size must be >= 1, got {size!r}")
    origins = _origins(origin, sizes)
    return _core.uniform(image, output, sizes, origins, mode_code(mode), float(cval))


def _edge(op, image, axis, mode, cval, out):
    image, output = _prepare(image, out)
    axis = -1 if axis is None else normalize_axis(axis, image.ndim)
    return _core.edge(image, output, op, axis, mode_code(mode), float(cval))


@docfiller
def sobel(image, axis=None, *, mode="reflect", cval=0.0, out=None):
    """Sobel derivative along one axis, or the gradient magnitude.

    With ``axis=k`` this equals :func:`scipy.ndimage.sobel(image, axis=k)
    <scipy.ndimage.sobel>`: ``[-1, 0, 1]`` along `k`, smoothed with
    ``[1, 2, 1]`` along the other axes. With ``axis=None`` it returns the
    unnormalised magnitude ``sqrt(sum_k sobel_k**2)``. Note that
    scikit-image's ``filters.sobel`` divides each derivative by 4 (by
    ``4 * 4**(ndim - 2)`` in general) and averages the squares, so its
    magnitude is smaller.

    Parameters
    ----------
    %(image)s
    axis : int or None, optional
        Axis of the derivative; None (default) for the magnitude.
    %(mode)s
    %(cval)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import sobel
    >>> step = np.zeros((3, 4), dtype=np.uint8)
    >>> step[:, 2:] = 1
    >>> sobel(step, axis=1)
    array([[0., 4., 4., 0.],
           [0., 4., 4., 0.],
           [0., 4., 4., 0.]], dtype=float32)
    """
    return _edge(0, image, axis, mode, cval, out)


@docfiller
def prewitt(image, axis=None, *, mode="reflect", cval=0.0, out=None):
    """Prewitt derivative along one axis, or the gradient magnitude.

    As :func:`sobel`, with smoothing ``[1, 1, 1]``; ``axis=k`` equals
    :func:`scipy.ndimage.prewitt(image, axis=k) <scipy.ndimage.prewitt>`.

    Parameters
    ----------
    %(image)s
    axis : int or None, optional
        Axis of the derivative; None (default) for ``sqrt(sum_k prewitt_k**2)``.
    %(mode)s
    %(cval)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import prewitt
    >>> step = np.zeros((3, 4), dtype=np.uint8)
    >>> step[:, 2:] = 1
    >>> prewitt(step, axis=1)
    array([[0., 3., 3., 0.],
           [0., 3., 3., 0.],
           [0., 3., 3., 0.]], dtype=float32)
    """
    return _edge(1, image, axis, mode, cval, out)


@docfiller
def laplace(image, *, mode="reflect", cval=0.0, out=None):
    """Discrete Laplacian, as :func:`scipy.ndimage.laplace`: the sum over
    axes of ``[1, -2, 1]``.

    Parameters
    ----------
    %(image)s
    %(mode)s
    %(cval)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import laplace
    >>> image = np.zeros((3, 3), dtype=np.float64)
    >>> image[1, 1] = 1
    >>> laplace(image, mode='constant')
    array([[ 0.,  1.,  0.],
           [ 1., -4.,  1.],
           [ 0.,  1.,  0.]])
    """
    image, output = _prepare(image, out)
    return _core.laplace(image, output, mode_code(mode), float(cval))


@docfiller
def gaussian_laplace(image, sigma, *, mode="reflect", cval=0.0, truncate=4.0, out=None):
    """Laplacian of Gaussian, as :func:`scipy.ndimage.gaussian_laplace`:
    the sum over axes of the second Gaussian derivative along that axis.

    Parameters
    ----------
    %(image)s
    sigma : float or sequence of float
        Standard deviation per axis.
    %(mode)s
    %(cval)s
    %(truncate)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import gaussian_laplace
    >>> image = np.zeros((9, 9), dtype=np.float32)
    >>> image[4, 4] = 1
    >>> bool(gaussian_laplace(image, sigma=1.5)[4, 4] < 0)
    True
    """
    image, output = _prepare(image, out)
    return _core.gaussian_laplace(image, output, check_sigma(sigma, image.ndim),
                                  check_positive(truncate, "truncate"), mode_code(mode), float(cval))


@docfiller
def gaussian_gradient_magnitude(image, sigma, *, mode="reflect", cval=0.0, truncate=4.0, out=None):
    """Gradient magnitude with Gaussian derivatives, as
    :func:`scipy.ndimage.gaussian_gradient_magnitude`:
    ``sqrt(sum_k (dG/dx_k * image)**2)``.

    Parameters
    ----------
    %(image)s
    sigma : float or sequence of float
        Standard deviation per axis.
    %(mode)s
    %(cval)s
    %(truncate)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import gaussian_gradient_magnitude
    >>> ramp = np.tile(np.arange(8, dtype=np.float64), (8, 1))
    >>> round(float(gaussian_gradient_magnitude(ramp, sigma=1)[4, 4]), 2)
    1.0
    """
    image, output = _prepare(image, out)
    return _core.gaussian_gradient_magnitude(image, output, check_sigma(sigma, image.ndim),
                                             check_positive(truncate, "truncate"), mode_code(mode), float(cval))


@docfiller
def unsharp_mask(image, radius=1.0, amount=1.0, *, mode="reflect", cval=0.0, truncate=4.0, out=None):
    """Sharpen: ``image + amount * (image - gaussian(image, radius))``.

    Equals scikit-image's ``filters.unsharp_mask(image, radius, amount,
    preserve_range=True)``: no rescaling to [0, 1] and no clipping.

    Parameters
    ----------
    %(image)s
    radius : float or sequence of float, optional
        Sigma of the Gaussian blur, per axis. Default 1.
    amount : float, optional
        Strength of the sharpening (may be negative). Default 1.
    %(mode)s
    %(cval)s
    %(truncate)s
    %(out)s

    Returns
    -------
    %(result)s

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.filters import unsharp_mask
    >>> flat = np.full((4, 4), 7.0)
    >>> unsharp_mask(flat, radius=2, amount=3)[0]
    array([7., 7., 7., 7.])
    """
    image, output = _prepare(image, out)
    amount = float(amount)
    if not np.isfinite(amount):
        raise ValueError(f"amount must be finite, got {amount!r}")
    return _core.unsharp_mask(image, output, check_sigma(radius, image.ndim, "radius"), amount,
                              check_positive(truncate, "truncate"), mode_code(mode), float(cval))
