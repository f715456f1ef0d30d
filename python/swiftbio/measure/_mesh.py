"""Surface meshes: argument policy here, the sum over faces in the engine."""
import numpy as np

from .. import _core

__all__ = ["mesh_surface_area"]


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
