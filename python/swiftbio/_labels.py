"""Argument policy for label images, shared by measure and segmentation."""
import numpy as np

from ._arrays import as_image


def as_label_image(image, name="label_image"):
    """`image` as a 2D/3D bool or integer array the kernels read (int64 and
    smaller signed types become int32 when their values fit)."""
    array = np.asarray(image)
    if array.dtype.kind == "f" or array.dtype.kind == "c":
        raise ValueError(f"{name} must have an integer or bool dtype, got {array.dtype}")
    if array.dtype.kind not in "biu":
        raise TypeError(f"{name} must have an integer or bool dtype, got {array.dtype}")
    if array.dtype in (np.int8, np.int16, np.int64, np.uint64):
        if array.size and (array.min() < np.iinfo(np.int32).min or array.max() > np.iinfo(np.int32).max):
            raise ValueError(f"{name} has values outside the int32 range")
        array = array.astype(np.int32)
    return as_image(array, name)


def check_connectivity(connectivity, ndim):
    if connectivity is None:
        return ndim
    if isinstance(connectivity, bool) or not isinstance(connectivity, (int, np.integer)):
        raise TypeError(f"connectivity must be an integer, got {connectivity!r}")
    if not 1 <= connectivity <= ndim:
        raise ValueError(f"connectivity must be between 1 and {ndim} for a {ndim}D image, got {connectivity}")
    return int(connectivity)
