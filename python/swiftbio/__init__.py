"""swiftbio: fast bioimage analysis on multithreaded Swift kernels.

Pass numpy arrays in, get numpy arrays back. The domains follow
scikit-image's layout:

- :mod:`swiftbio.filters` -- linear filters (Gaussian, box, Sobel, Laplace, ...)
- :mod:`swiftbio.exposure` -- histograms, intensity rescaling and normalisation
- :mod:`swiftbio.metrics` -- segmentation scores (Jaccard, Dice, Hausdorff, ...)
- :mod:`swiftbio.io` -- TIFF reading and writing (libtiff)
- :mod:`swiftbio.data` -- bundled sample images

Every kernel releases the GIL and uses all cores; limit that with
:func:`set_num_threads` or the :func:`num_threads` context manager.
"""
from contextlib import contextmanager

from . import _core
from . import data, exposure, feature, filters, io, measure, metrics, morphology, segmentation

__version__ = "0.1.0"
__all__ = ["filters", "exposure", "feature", "data", "io", "measure", "metrics", "morphology", "segmentation", "set_num_threads", "get_num_threads", "num_threads", "__version__"]


def set_num_threads(n):
    """Set how many threads every kernel may use.

    Parameters
    ----------
    n : int or None
        Number of threads; ``None`` or a value ``<= 0`` restores the
        default, all cores.

    Examples
    --------
    >>> import swiftbio
    >>> swiftbio.set_num_threads(1)
    >>> swiftbio.get_num_threads()
    1
    >>> swiftbio.set_num_threads(None)
    """
    _core.set_num_threads(0 if n is None else int(n))


def get_num_threads():
    """Return how many threads a kernel may use.

    Examples
    --------
    >>> import swiftbio
    >>> swiftbio.get_num_threads() >= 1
    True
    """
    return _core.get_num_threads()


@contextmanager
def num_threads(n):
    """Limit the thread count inside a ``with`` block (process-wide).

    Examples
    --------
    >>> import swiftbio
    >>> with swiftbio.num_threads(1):
    ...     swiftbio.get_num_threads()
    1
    """
    previous = _core.get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        _core.set_num_threads(previous)
