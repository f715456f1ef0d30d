"""TIFF reading and writing: argument policy in Python, the format in Swift."""
import math
import numbers
import operator
import os
from dataclasses import dataclass

import numpy as np

from .. import _core

__all__ = ["imread", "imwrite", "read_metadata", "TiffMetadata"]

_COMPRESSION = {None: 1, "none": 1, "lzw": 5, "deflate": 8, "zlib": 8, "adobe_deflate": 8, "packbits": 32773}
_DTYPES = {np.dtype(t): code for t, code in [
    (np.bool_, "b1"), (np.uint8, "u1"), (np.int8, "i1"), (np.uint16, "u2"), (np.int16, "i2"),
    (np.uint32, "u4"), (np.int32, "i4"), (np.float32, "f4"), (np.float64, "f8")]}
_MICROMETRES = ("um", "µm", "micron", "microns", "micrometer", "micrometre", "\\u00B5m")
_DEFAULT_AXES = {2: "YX", 3: "ZYX", 4: "ZCYX", 5: "TZCYX"}


@dataclass(frozen=True)
class TiffMetadata:
    """What a TIFF file holds, as :func:`read_metadata` reports it.

    Attributes
    ----------
    shape : tuple of int
        Shape of the array :func:`imread` returns.
    dtype : numpy.dtype
    axes : str
        One letter per axis: T (time), Z, C (channel), I (page), Q
        (unknown), Y, X, S (samples of an RGB pixel).
    spacing : tuple of float or None
        Pixel size along the spatial axes in array order, ``(z, y, x)``
        for a stack with a Z axis, else ``(y, x)``; ready for the
        ``spacing=`` arguments of other functions. None where unknown.
    spacing_xyz : tuple of (float or None)
        Pixel size along x, y and z as the file states it.
    unit : str or None
    pages : int
        Pages (IFDs) in the file.
    compression : str
        'none', 'lzw', 'deflate', 'packbits', 'jpeg', ...
    bigtiff, imagej, ome, tiled : bool
    """
    shape: tuple
    dtype: np.dtype
    axes: str
    spacing: tuple
    spacing_xyz: tuple
    unit: object
    pages: int
    compression: str
    bigtiff: bool
    imagej: bool
    ome: bool
    tiled: bool
    page_shape: tuple


_COMPRESSION_NAMES = {1: "none", 5: "lzw", 7: "jpeg", 8: "deflate", 32946: "deflate", 32773: "packbits",
                      34925: "lzma", 50000: "zstd"}


def read_metadata(path):
    """Describe the TIFF at `path` without reading its pixels.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    TiffMetadata

    Examples
    --------
    >>> from swiftbio import data, io
    >>> meta = io.read_metadata(data.path('img3d.tif'))
    >>> meta.shape, meta.dtype, meta.pages
    ((31, 61, 57), dtype('uint16'), 31)
    """
    info = _core.tiff_info(os.fspath(path))
    x, y, z = info["spacing_xyz"]
    spatial = (z, y, x) if "Z" in info["axes"] else (y, x)
    return TiffMetadata(
        shape=info["shape"], dtype=np.dtype(info["dtype"]), axes=info["axes"],
        spacing=None if all(s is None for s in spatial) else spatial, spacing_xyz=(x, y, z),
        unit=info["unit"] or None, pages=info["pages"],
        compression=_COMPRESSION_NAMES.get(info["compression"], f"code {info['compression']}"),
        bigtiff=info["bigtiff"], imagej=info["imagej"], ome=info["ome"], tiled=info["tiled"],
        page_shape=info["page_shape"])


def imread(path, key=None):
    """Read a TIFF file into a numpy array.

    Pages are decoded straight into the returned array, several at once.
    Multi-page files come back as stacks: ImageJ hyperstacks as
    ``(T, Z, C, Y, X)`` (axes of length 1 dropped), OME-TIFF in its
    dimension order, files written by tifffile or swiftbio in their stored
    shape, other files as ``(pages, Y, X)``; RGB pixels add a last axis of 3
    or 4 (or a first one for planar files).

    Parameters
    ----------
    path : str or os.PathLike
    key : int, slice, range or sequence of int, optional
        Pages to read: an int reads one page (2D, or 3D with samples);
        anything else a ``(n, Y, X)`` stack of those pages.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> from swiftbio import data, io
    >>> image = io.imread(data.path('img2d.tif'))
    >>> image.shape, image.dtype
    ((512, 512), dtype('uint16'))
    >>> io.imread(data.path('img3d.tif'), key=range(2, 5)).shape
    (3, 61, 57)
    """
    path = os.fspath(path)
    info = _core.tiff_info(path)
    pages, shape = _select_pages(key, info)
    if pages and pages[0] != 0:
        # The pages asked for may differ from page 0: describe the first of them.
        page_info = _core.tiff_info(path, pages[0])
        info = dict(info, dtype=page_info["dtype"], page_shape=page_info["page_shape"])
        pages, shape = _select_pages(key, info)
    out = np.empty(shape, np.dtype(info["dtype"]))
    return _core.tiff_read(path, pages, out)


def _select_pages(key, info):
    count, page_shape = info["pages"], info["page_shape"]
    if key is None:
        return range(info["image_pages"]), info["shape"]
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        if not -count <= key < count:
            raise IndexError(f"page {key} out of range: the file has {count} pages")
        return [int(key) % count], page_shape
    if isinstance(key, (slice, range)):
        pages = range(count)[key] if isinstance(key, slice) else key
    else:
        pages = key
    try:
        pages = [operator.index(p) for p in pages]
    except TypeError:
        raise TypeError(f"key must be an int, a slice, a range or a sequence of ints, got {key!r}") from None
    for p in pages:
        if not 0 <= p < count:
            raise IndexError(f"page {p} out of range: the file has {count} pages")
    return pages, (len(pages),) + tuple(page_shape)


def imwrite(path, data, compression=None, imagej=False, spacing=None, unit="um", axes=None,
            bigtiff=None, tile=None):
    """Write a numpy array to a TIFF file.

    The file appears under `path` only when complete. Deflate strips are
    compressed on all cores.

    Parameters
    ----------
    path : str or os.PathLike
    data : array_like
        2 to 8 dimensions of bool (written as 1-bit), uint8, int8, uint16,
        int16, uint32, int32, float32 or float64.
    compression : {None, 'deflate', 'lzw', 'packbits'}, optional
        'zlib' is accepted for 'deflate'.
    imagej : bool, optional
        Write an ImageJ hyperstack (uint8, uint16, float32; RGB uint8):
        ImageJ and Fiji open it with its dimensions and voxel size.
    spacing : float or sequence of float, optional
        Pixel size along the spatial axes in array order: ``(z, y, x)``
        when `axes` has a Z, else ``(y, x)``; a single number for all.
    unit : str, optional
        Unit of `spacing` (default 'um').
    axes : str, optional
        One letter per dimension from T, Z, C, Q, I, Y, X, S, ending in
        ``YX`` or ``YXS`` (S: 3 or 4 samples, RGB(A)). Default by
        dimensions: ``YX``, ``ZYX``, ``ZCYX``, ``TZCYX``; ImageJ axes must
        follow the order TZCYXS.
    bigtiff : bool, optional
        Default: BigTIFF only when the data approaches 4 GiB.
    tile : (int, int), optional
        Tile height and width, multiples of 16; default strips.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from swiftbio import io
    >>> stack = np.arange(2 * 32 * 48, dtype=np.uint16).reshape(2, 32, 48)
    >>> path = os.path.join(tempfile.mkdtemp(), 'stack.tif')
    >>> io.imwrite(path, stack, imagej=True, spacing=(2.0, 0.5, 0.5), compression='deflate')
    >>> meta = io.read_metadata(path)
    >>> meta.axes, meta.spacing, meta.unit
    ('ZYX', (2.0, 0.5, 0.5), 'um')
    >>> bool((io.imread(path) == stack).all())
    True
    """
    path = os.fspath(path)
    array = np.asarray(data)
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    code = _DTYPES.get(array.dtype)
    if code is None:
        raise TypeError(f"cannot write dtype {array.dtype} to TIFF; supported: "
                        + ", ".join(str(d) for d in _DTYPES))
    if not 2 <= array.ndim <= 8:
        raise ValueError(f"data must have 2 to 8 dimensions, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"cannot write an empty array of shape {array.shape}")
    if axes is None:
        axes = _DEFAULT_AXES.get(array.ndim, "Q" * (array.ndim - 2) + "YX")
    if not isinstance(axes, str) or len(axes) != array.ndim or not set(axes) <= set("TZCQIYXS"):
        raise ValueError(f"axes must be {array.ndim} letters from TZCQIYXS, got {axes!r}")
    if isinstance(compression, str):
        compression = compression.lower()
    if compression not in _COMPRESSION:
        raise ValueError(f"compression must be None, 'deflate', 'lzw' or 'packbits', got {compression!r}")
    if unit is not None and not isinstance(unit, str):
        raise TypeError(f"unit must be a string, got {unit!r}")
    if unit in _MICROMETRES:
        unit = "um"
    return _core.tiff_write(path, np.ascontiguousarray(array), code, axes, _COMPRESSION[compression],
                            int(bool(imagej)), _spacing_xyz(spacing, axes), unit if spacing is not None else None,
                            -1 if bigtiff is None else int(bool(bigtiff)), None if tile is None else tuple(tile))


def _spacing_xyz(spacing, axes):
    """Array-order spacing (z, y, x) or (y, x) as the engine's (x, y, z)."""
    if spacing is None:
        return None
    values = [spacing] * (3 if "Z" in axes else 2) if np.ndim(spacing) == 0 else list(np.ravel(spacing))
    if len(values) != (3 if "Z" in axes else 2):
        raise ValueError(f"spacing needs {'(z, y, x)' if 'Z' in axes else '(y, x)'} values, got {spacing!r}")
    values = [float(v) for v in values]
    if not all(math.isfinite(v) and v > 0 for v in values):
        raise ValueError(f"spacing must be finite and > 0, got {spacing!r}")
    return (values[-1], values[-2], values[0] if len(values) == 3 else 1.0)
