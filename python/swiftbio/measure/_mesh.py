"""Surface meshes: argument policy here, the sum over faces in the engine."""
import numpy as np

from .. import _core
from .._arrays import SUPPORTED_DTYPES, as_image, pixel_sizes

__all__ = ["marching_cubes", "mesh_surface_area"]


def marching_cubes(volume, level=None, *, spacing=(1.0, 1.0, 1.0), gradient_direction="descent",
                   step_size=1, allow_degenerate=True, method="lewiner", mask=None):
    """Iso-surface of a 3D volume, as :func:`skimage.measure.marching_cubes`.

    The topologically correct marching cubes of Lewiner et al. (2003)
    (``method='lewiner'``) or the classic table of Lorensen and Cline
    (``method='lorensen'``). The volume is read as float32, as
    scikit-image converts it; the cube layers are marched in parallel.

    Parameters
    ----------
    volume : (M, N, P) ndarray
        Real-valued volume (bool, integer or float), at least 2 along
        each axis, all values finite.
    level : float, optional
        Iso value; by default the mean of the volume's minimum and maximum
        (computed in float32). Must lie within the volume's range.
    spacing : float or sequence of 3 floats, optional
        Voxel size along (M, N, P), each finite and > 0; vertices are
        scaled by it.
    gradient_direction : {'descent', 'ascent'}, optional
        'descent' (default): the object is brighter than its exterior, and
        faces wind so that normals point outwards.
    step_size : int, optional
        Marches every `step_size`-th voxel (coarser, faster mesh).
    allow_degenerate : bool, optional
        If False, triangles with two vertices at one position are removed
        and those vertices merged, as scikit-image does.
    method : {'lewiner', 'lorensen'}, optional
    mask : (M, N, P) array, optional
        Only cubes whose far corner ``(z + step, y + step, x + step)`` is
        nonzero here are marched (scikit-image's convention).

    Returns
    -------
    verts : (V, 3) ndarray
        Vertex coordinates in the volume's axis order: float32, or
        float64 when `spacing` is not all ones (as scikit-image).
    faces : (F, 3) ndarray of int32
        Vertex indices of each triangle (int64 when
        ``allow_degenerate=False``, as scikit-image).
    normals : (V, 3) ndarray of float32
        Unit normals from the volume's gradient.
    values : (V,) ndarray of float32
        The largest value spread (above minus below the level) of the
        cubes around each vertex, for colour maps.

    Raises
    ------
    ValueError
        Not a 3D volume, an axis shorter than 2, non-finite values, a level
        outside the volume's range, a bad `spacing`, `step_size`,
        `gradient_direction`, `method` or `mask` shape.
    RuntimeError
        No surface at that level (as scikit-image).

    Notes
    -----
    Vertices (in the same order), faces, normals and values equal
    scikit-image's bit for bit, whatever the thread count. The tiling
    tables are Lewiner's, as distributed with scikit-image (BSD-3-Clause).

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.measure import marching_cubes, mesh_surface_area
    >>> z, y, x = np.mgrid[-10:11, -10:11, -10:11]
    >>> distance = np.sqrt(x**2 + y**2 + z**2)      # a sphere of radius 8 at level 8
    >>> verts, faces, normals, values = marching_cubes(distance, 8.0)
    >>> verts.dtype, faces.shape[1]
    (dtype('float32'), 3)
    >>> round(mesh_surface_area(verts, faces))      # 4π·8² = 804
    800
    """
    v = np.asarray(volume)
    if v.ndim != 3:
        raise ValueError(f"Input volume should be a 3D numpy array, got ndim={v.ndim}")
    if min(v.shape) < 2:
        raise ValueError(f"Input array must be at least 2x2x2, got shape {v.shape}")
    if v.dtype.kind not in "biuf":
        raise TypeError(f"volume must hold real numbers, got dtype {v.dtype}")
    if v.dtype not in SUPPORTED_DTYPES:
        # What scikit-image does with every volume; the engine reads the
        # supported dtypes as float32 itself.
        v = v.astype(np.float32)
    v = as_image(v, "volume")
    spacing = pixel_sizes(spacing, 3, "spacing")
    step = int(step_size)
    if step != step_size or step < 1:
        raise ValueError(f"step_size must be an integer of at least one, got {step_size!r}")
    if gradient_direction not in ("descent", "ascent"):
        raise ValueError(f"Incorrect input {gradient_direction!r} in `gradient_direction`, see docstring.")
    if method not in ("lewiner", "lorensen"):
        raise ValueError("method should be either 'lewiner' or 'lorensen'")
    m = None
    if mask is not None:
        m = np.asarray(mask)
        if m.shape != v.shape:
            raise ValueError(f"volume and mask must have the same shape, got {v.shape} and {m.shape}")
        m = np.ascontiguousarray(m if m.dtype == np.bool_ else m != 0)
    if level is not None:
        level = float(level)
    mesh, nv, nf = _core.marching_cubes(v, m, level, step, gradient_direction == "descent", method == "lorensen")
    if nv == 0:
        raise RuntimeError("No surface found at the given iso value.")
    verts = np.empty((nv, 3), np.float32)
    faces = np.empty((nf, 3), np.int32)
    normals = np.empty((nv, 3), np.float32)
    values = np.empty(nv, np.float32)
    _core.mesh_copy(mesh, verts, faces, normals, values)
    if spacing != (1.0, 1.0, 1.0):
        verts = verts * np.asarray(spacing)
    if allow_degenerate:
        return verts, faces, normals, values
    verts = np.ascontiguousarray(verts, dtype=np.float32)
    vertex_map = np.empty(nv, np.int32)
    kept = np.empty(nf, np.uint8)
    _core.degenerate_faces(verts, faces, vertex_map, kept)
    own = vertex_map == np.arange(nv)
    renumber = np.cumsum(own) - 1
    return verts[own], renumber[vertex_map[faces[kept > 0]]], normals[own], values[own]


def mesh_surface_area(verts, faces):
    """Surface area of a triangle mesh, as
    :func:`skimage.measure.mesh_surface_area`.

    Parameters
    ----------
    verts : (V, 3) array of float
        Vertex coordinates (for a mesh from a volume with `spacing`, already
        scaled by it).
    faces : (F, 3) array of int
        Vertex indices of each triangle; negative indices count from the
        end, as numpy indexing does.

    Returns
    -------
    area : float
        The sum of the triangles' areas (0.0 without faces), computed in
        double precision whatever the vertices' type. scikit-image computes
        in that type: float32 vertices (what its ``marching_cubes``
        returns) give a float32 area that differs from this one by float32
        rounding, and integer vertices can overflow there.

    Raises
    ------
    ValueError
        Wrong shapes, or a face index outside the vertices.
    TypeError
        Non-integer faces.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.measure import mesh_surface_area
    >>> verts = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    >>> faces = np.array([[0, 1, 2], [0, 1, 3]])
    >>> mesh_surface_area(verts, faces)
    1.0
    """
    v = np.asarray(verts)
    f = np.asarray(faces)
    if v.dtype.kind not in "biuf":
        raise TypeError(f"verts must be real numbers, got dtype {v.dtype}")
    if v.ndim != 2 or v.shape[1] != 3:
        raise ValueError(f"verts must have shape (V, 3), got {v.shape}")
    if f.dtype.kind not in "iu":
        raise TypeError(f"faces must be integer vertex indices, got dtype {f.dtype}")
    if f.ndim != 2 or f.shape[1] != 3:
        raise ValueError(f"faces must have shape (F, 3), got {f.shape}")
    count = v.shape[0]
    if f.shape[0] == 0:
        return 0.0
    if count == 0:
        raise ValueError("face vertex indices must index verts, which is empty")
    if f.dtype not in (np.int32, np.uint32):
        # The engine reads 32-bit indices; wider ones are checked before they narrow.
        if f.dtype.itemsize > 4 and (f.max() >= count or f.min() < -count):
            raise ValueError(f"face vertex indices must be in -{count}..{count - 1} for {count} vertices")
        f = f.astype(np.int32)
    if v.dtype not in (np.float32, np.float64):
        v = v.astype(np.float64)
    return _core.mesh_surface_area(np.ascontiguousarray(v), np.ascontiguousarray(f))
