"""Pixel-level agreement of two masks: scikit-learn's binary scores
(``jaccard_score``, ``f1_score``, ``precision_score``, ``recall_score``,
``confusion_matrix``) with nonzero pixels as the positive class.

Four counts (true/false positives/negatives) from three
``np.count_nonzero`` passes; every score is a ratio of them.
"""
import math
import numbers

import numpy as np

__all__ = ["confusion_matrix", "jaccard", "dice", "f1", "precision", "recall"]


def _mask(mask, name):
    array = np.asarray(mask)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a boolean or numeric mask, got dtype {array.dtype}")
    return array


def _counts(y_true, y_pred):
    """(tn, fp, fn, tp) as Python ints."""
    truth, prediction = _mask(y_true, "y_true"), _mask(y_pred, "y_pred")
    if truth.shape != prediction.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {truth.shape} and {prediction.shape}")
    tp = int(np.count_nonzero(np.logical_and(truth, prediction)))
    fn = int(np.count_nonzero(truth)) - tp
    fp = int(np.count_nonzero(prediction)) - tp
    return truth.size - tp - fn - fp, fp, fn, tp


def _ratio(numerator, denominator, zero_division):
    """`numerator / denominator`, or `zero_division` (checked) when the
    denominator is 0."""
    if isinstance(zero_division, bool) or not isinstance(zero_division, numbers.Real):
        raise TypeError(f"zero_division must be 0.0, 1.0 or nan, got {zero_division!r}")
    zero_division = float(zero_division)
    if zero_division not in (0.0, 1.0) and not math.isnan(zero_division):
        raise ValueError(f"zero_division must be 0.0, 1.0 or nan, got {zero_division!r}")
    return numerator / denominator if denominator else zero_division


def confusion_matrix(y_true, y_pred):
    """Pixel counts ``[[tn, fp], [fn, tp]]``, as
    ``sklearn.metrics.confusion_matrix(y_true != 0, y_pred != 0,
    labels=[False, True])`` (always 2 x 2).

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape, any dtype and dimensions; nonzero pixels
        are foreground (positive).

    Returns
    -------
    matrix : ndarray of int64, shape (2, 2)
        Rows are the truth (background, foreground), columns the prediction.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import confusion_matrix
    >>> confusion_matrix(np.array([[0, 1, 1, 1]]), np.array([[1, 1, 0, 0]]))
    array([[0, 1],
           [2, 1]])
    """
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return np.array([[tn, fp], [fn, tp]], dtype=np.int64)


def jaccard(y_true, y_pred, *, zero_division=0.0):
    """Intersection over union of the foregrounds, ``tp / (tp + fp + fn)``,
    as ``sklearn.metrics.jaccard_score``.

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape; nonzero pixels are foreground.
    zero_division : {0.0, 1.0, nan}, optional
        The score when both masks are empty (the denominator is 0).

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import jaccard
    >>> jaccard(np.array([[0, 1, 1, 1]]), np.array([[1, 1, 0, 0]]))
    0.25
    """
    _, fp, fn, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fp + fn, zero_division)


def f1(y_true, y_pred, *, zero_division=0.0):
    """F1 score, ``2 tp / (2 tp + fp + fn)``, as ``sklearn.metrics.f1_score``
    (the harmonic mean of precision and recall; the same as :func:`dice`).

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape; nonzero pixels are foreground.
    zero_division : {0.0, 1.0, nan}, optional
        The score when both masks are empty (the denominator is 0).

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import f1
    >>> f1(np.array([[0, 1, 1, 1]]), np.array([[1, 1, 0, 0]]))
    0.4
    """
    _, fp, fn, tp = _counts(y_true, y_pred)
    return _ratio(2 * tp, 2 * tp + fp + fn, zero_division)


def dice(y_true, y_pred, *, zero_division=0.0):
    """Dice coefficient (Sorensen), ``2 |A & B| / (|A| + |B|)``: the F1
    score of the pixels (see :func:`f1`).

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape; nonzero pixels are foreground.
    zero_division : {0.0, 1.0, nan}, optional
        The score when both masks are empty (the denominator is 0).

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import dice
    >>> dice(np.array([[0, 1, 1, 1]], dtype=bool), np.array([[0, 1, 1, 0]], dtype=bool))
    0.8
    """
    return f1(y_true, y_pred, zero_division=zero_division)


def precision(y_true, y_pred, *, zero_division=0.0):
    """Fraction of predicted foreground that is true foreground,
    ``tp / (tp + fp)``, as ``sklearn.metrics.precision_score``.

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape; nonzero pixels are foreground.
    zero_division : {0.0, 1.0, nan}, optional
        The score when `y_pred` is empty (the denominator is 0).

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import precision
    >>> precision(np.array([[0, 1, 1, 1]]), np.array([[1, 1, 0, 0]]))
    0.5
    """
    _, fp, _, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fp, zero_division)


def recall(y_true, y_pred, *, zero_division=0.0):
    """Fraction of true foreground that is predicted, ``tp / (tp + fn)``, as
    ``sklearn.metrics.recall_score`` (sensitivity).

    Parameters
    ----------
    y_true, y_pred : array_like
        Masks of the same shape; nonzero pixels are foreground.
    zero_division : {0.0, 1.0, nan}, optional
        The score when `y_true` is empty (the denominator is 0).

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import recall
    >>> round(recall(np.array([[0, 1, 1, 1]]), np.array([[1, 1, 0, 0]])), 4)
    0.3333
    """
    _, _, fn, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fn, zero_division)
