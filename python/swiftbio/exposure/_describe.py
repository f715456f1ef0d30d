"""Summary statistics of an image, as ImageJ's histogram window lists them."""
import numpy as np

__all__ = ["describe"]

#: Bins of ImageJ's histogram of 32-bit images, from which it takes the mode.
_FLOAT_BINS = 256


def _integer_mode(values, low, high):
    """The most frequent value; the smallest of equally frequent ones."""
    if values.dtype.itemsize < 8 and int(high) - int(low) <= max(values.size, 1 << 16):
        counts = np.bincount(values.astype(np.int64) - int(low))
        return int(low) + int(np.argmax(counts))
    distinct, counts = np.unique(values, return_counts=True)  # sorted, so argmax picks the smallest
    return distinct[np.argmax(counts)]


def _float_mode(values, low, high):
    """Centre of the most populated of 256 equal bins over [low, high]
    (the first on ties), binned as ImageJ's FloatStatistics bins:
    ``int(256 / (high - low) * (v - low))``, the maximum in the last bin."""
    if low == high:
        return low
    scale = _FLOAT_BINS / (high - low)
    bins = ((values.astype(np.float64) - low) * scale).astype(np.intp)
    np.minimum(bins, _FLOAT_BINS - 1, out=bins)
    width = (high - low) / _FLOAT_BINS
    return low + (int(np.argmax(np.bincount(bins, minlength=_FLOAT_BINS))) + 0.5) * width


def describe(image):
    """Pixel count, extremes, mean, standard deviation and mode, as the
    statistics under ImageJ's histogram window.

    Parameters
    ----------
    image : array_like
        Any number of dimensions; bool, integer or float. NaN and infinite
        pixels are left out of every statistic (as ImageJ leaves them out
        of 32-bit images' statistics).

    Returns
    -------
    stats : dict
        ``count``
            Number of pixels used (int).
        ``min``, ``max``
            In the image's type (Python bool, int or float).
        ``mean``
            Computed in float64.
        ``std``
            Sample standard deviation (``ddof=1``), 0.0 for one pixel.
        ``mode``
            Bool and integer images: the most frequent value, the smallest
            of equally frequent ones. Float images: the centre of the most
            populated of 256 equal bins between min and max (ImageJ's
            32-bit mode; the lowest such bin on ties, the value itself for
            a constant image).

    Raises
    ------
    ValueError
        For an empty image, or one without a finite pixel.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.exposure import describe
    >>> stats = describe(np.array([[1, 2, 2], [3, 3, 9]], dtype=np.uint8))
    >>> stats["count"], stats["min"], stats["max"], stats["mean"], stats["mode"]
    (6, 1, 9, 3.3333333333333335, 2)
    >>> round(stats["std"], 4)
    2.8752
    >>> describe(np.array([0.0, 1.0, 1.0, np.nan]))["mode"]
    0.998046875
    """
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"image must be boolean, integer or real float, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"image must not be empty, got shape {array.shape}")
    values = array.reshape(-1)
    if values.dtype.kind == "f":
        finite = np.isfinite(values)
        if not finite.all():
            values = values[finite]
            if values.size == 0:
                raise ValueError("image has no finite pixel to describe")
    low, high = values.min(), values.max()
    count = int(values.size)
    mean = float(np.mean(values, dtype=np.float64))
    std = float(np.std(values, dtype=np.float64, ddof=1)) if count > 1 else 0.0
    if values.dtype.kind == "f":
        mode = float(_float_mode(values, float(low), float(high)))
    else:
        mode = _integer_mode(values.view(np.uint8) if values.dtype == np.bool_ else values, low, high)
        mode = array.dtype.type(mode).item()
    return {"count": count, "min": low.item(), "max": high.item(), "mean": mean, "std": std, "mode": mode}
