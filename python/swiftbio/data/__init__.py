"""Bundled sample images (see ``README.md`` in this folder for provenance
and ``LICENSE-stardist-BSD3.txt`` for their license)."""
from pathlib import Path

__all__ = ["path", "available"]

_HERE = Path(__file__).resolve().parent


def available():
    """Names of the bundled images.

    Examples
    --------
    >>> from swiftbio import data
    >>> data.available()
    ['img2d.tif', 'img3d.tif', 'mask2d.tif', 'mask3d.tif']
    """
    return sorted(p.name for p in _HERE.glob("*.tif"))


def path(name):
    """Absolute path of a bundled image.

    Parameters
    ----------
    name : str
        One of :func:`available`, e.g. ``'img2d.tif'``: 512x512 uint16
        fluorescent nuclei; ``'mask2d.tif'`` its ground-truth labels.

    Examples
    --------
    >>> from swiftbio import data
    >>> data.path('img2d.tif').name
    'img2d.tif'
    """
    p = _HERE / name
    if name not in available():
        raise ValueError(f"no bundled image {name!r}; available: {available()}")
    return p
