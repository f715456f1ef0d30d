"""Footprints (structuring elements), as scikit-image and scipy build them."""
import numpy as np

__all__ = ["disk", "square", "rectangle", "footprint_rectangle", "diamond", "ball", "cube", "octahedron", "star",
           "ellipse", "generate_binary_structure"]


def _radius(radius):
    if int(radius) != radius or radius < 0:
        raise ValueError(f"radius must be a non-negative integer, got {radius!r}")
    return int(radius)


def disk(radius, dtype=np.uint8, *, strict_radius=True):
    """Pixels within `radius` of the centre (``x² + y² <= r²``; with
    ``strict_radius=False``, ``r + 0.5``).

    Examples
    --------
    >>> from swiftbio.morphology import disk
    >>> disk(1)
    array([[0, 1, 0],
           [1, 1, 1],
           [0, 1, 0]], dtype=uint8)
    """
    r = _radius(radius)
    grid = np.arange(-r, r + 1)
    limit = r + (0 if strict_radius else 0.5)
    return np.asarray(grid[None, :] ** 2 + grid[:, None] ** 2 <= limit ** 2, dtype=dtype)


def ball(radius, dtype=np.uint8, *, strict_radius=True):
    """3D :func:`disk`.

    Examples
    --------
    >>> from swiftbio.morphology import ball
    >>> int(ball(2).sum())
    33
    """
    r = _radius(radius)
    grid = np.linspace(-r, r, 2 * r + 1)
    z, y, x = grid[:, None, None], grid[None, :, None], grid[None, None, :]
    limit = r + (0 if strict_radius else 0.5)
    return np.asarray(x ** 2 + y ** 2 + z ** 2 <= limit * limit, dtype=dtype)


def diamond(radius, dtype=np.uint8):
    """Pixels within city-block distance `radius` of the centre.

    Examples
    --------
    >>> from swiftbio.morphology import diamond
    >>> int(diamond(2).sum())
    13
    """
    r = _radius(radius)
    grid = np.arange(0, 2 * r + 1)
    return np.asarray(np.abs(grid[:, None] - r) + np.abs(grid[None, :] - r) <= r, dtype=dtype)


def octahedron(radius, dtype=np.uint8):
    """3D :func:`diamond`.

    Examples
    --------
    >>> from swiftbio.morphology import octahedron
    >>> int(octahedron(1).sum())
    7
    """
    r = _radius(radius)
    grid = np.linspace(-r, r, 2 * r + 1)
    z, y, x = grid[:, None, None], grid[None, :, None], grid[None, None, :]
    return np.asarray(np.abs(x) + np.abs(y) + np.abs(z) <= r, dtype=dtype)


def footprint_rectangle(shape, *, dtype=np.uint8):
    """All ones of `shape` (any number of dimensions).

    Examples
    --------
    >>> from swiftbio.morphology import footprint_rectangle
    >>> footprint_rectangle((2, 3)).shape
    (2, 3)
    """
    shape = tuple(int(s) for s in shape)
    if any(s < 1 for s in shape):
        raise ValueError(f"footprint sizes must be >= 1, got {shape}")
    return np.ones(shape, dtype=dtype)


def square(width, dtype=np.uint8):
    """A `width` × `width` square (``footprint_rectangle((width, width))``).

    Examples
    --------
    >>> from swiftbio.morphology import square
    >>> square(2)
    array([[1, 1],
           [1, 1]], dtype=uint8)
    """
    return footprint_rectangle((width, width), dtype=dtype)


def rectangle(nrows, ncols, dtype=np.uint8):
    """An `nrows` × `ncols` rectangle.

    Examples
    --------
    >>> from swiftbio.morphology import rectangle
    >>> rectangle(1, 3)
    array([[1, 1, 1]], dtype=uint8)
    """
    return footprint_rectangle((nrows, ncols), dtype=dtype)


def cube(width, dtype=np.uint8):
    """A `width`³ cube.

    Examples
    --------
    >>> from swiftbio.morphology import cube
    >>> cube(3).shape
    (3, 3, 3)
    """
    return footprint_rectangle((width, width, width), dtype=dtype)


def star(a, dtype=np.uint8):
    """A square overlaid with a square rotated 45° (an eight-point star),
    as scikit-image builds it.

    Examples
    --------
    >>> from swiftbio.morphology import star
    >>> star(1).sum()
    np.uint64(9)
    """
    a = _radius(a)
    if a == 1:
        return np.ones((3, 3), dtype=dtype)
    m, n = 2 * a + 1, a // 2
    side = m + 2 * n
    centre = (side - 1) // 2
    grid = np.arange(side)
    square_part = np.zeros((side, side), bool)
    square_part[n:m + n, n:m + n] = True
    rotated = np.abs(grid[:, None] - centre) + np.abs(grid[None, :] - centre) <= centre
    return (square_part | rotated).astype(dtype)


def ellipse(width, height, dtype=np.uint8):
    """Pixels inside the ellipse of half-axes ``width + 1`` and
    ``height + 1`` (strictly), on a ``(2·height+1, 2·width+1)`` grid.

    Examples
    --------
    >>> from swiftbio.morphology import ellipse
    >>> ellipse(3, 2)
    array([[0, 1, 1, 1, 1, 1, 0],
           [1, 1, 1, 1, 1, 1, 1],
           [1, 1, 1, 1, 1, 1, 1],
           [1, 1, 1, 1, 1, 1, 1],
           [0, 1, 1, 1, 1, 1, 0]], dtype=uint8)
    """
    w, h = _radius(width), _radius(height)
    rows = (np.arange(2 * h + 1) - h) / (h + 1)
    cols = (np.arange(2 * w + 1) - w) / (w + 1)
    return np.asarray(rows[:, None] ** 2 + cols[None, :] ** 2 < 1, dtype=dtype)


def generate_binary_structure(rank, connectivity):
    """Neighbours within `connectivity` orthogonal steps (bool), as
    :func:`scipy.ndimage.generate_binary_structure`.

    Examples
    --------
    >>> from swiftbio.morphology import generate_binary_structure
    >>> generate_binary_structure(2, 1).astype(int)
    array([[0, 1, 0],
           [1, 1, 1],
           [0, 1, 0]])
    """
    if connectivity < 1:
        connectivity = 1
    if rank < 1:
        return np.array(True)
    steps = np.abs(np.indices([3] * rank) - 1).sum(axis=0)
    return steps <= connectivity
