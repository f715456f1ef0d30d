"""Object-level matching of two label images, with StarDist's definitions
(`stardist.matching.matching` and `matching_dataset`)."""
from collections import namedtuple

import numpy as np

from .. import _core
from .._arrays import as_image

__all__ = ["matching", "matching_dataset"]

_TRUE, _PRED, _PAIRS = 10, 11, 12  # swiftbio.h: SB_GROUP_TRUE, SB_GROUP_PRED, SB_GROUP_PAIRS
_CRITERIA = ("iou", "iop", "iot")
_FIELDS = ("criterion", "thresh", "fp", "tp", "fn", "precision", "recall", "accuracy", "f1", "n_true", "n_pred",
           "mean_true_score", "mean_matched_score", "panoptic_quality")
Matching = namedtuple("Matching", _FIELDS)
MatchingReport = namedtuple("Matching", _FIELDS + ("matched_pairs", "matched_scores", "matched_tps"))
DatasetMatching = namedtuple("DatasetMatching", _FIELDS + ("by_image",))


def matching(y_true, y_pred, thresh=0.5, criterion="iou", report_matches=False):
    """Match the objects of a ground-truth and a predicted label image, as
    :func:`stardist.matching.matching`.

    Pairs are scored by `criterion`: ``'iou'`` (intersection over union),
    ``'iot'`` (over the true object's area) or ``'iop'`` (over the
    predicted object's area). An optimal one-to-one assignment maximises
    the number of pairs scoring at least `thresh`, ties broken by the sum
    of scores; those pairs are the true positives.

    Parameters
    ----------
    y_true, y_pred : ndarray of int, 2D or 3D, same shape
        Label images (0 is background; ids need not be consecutive).
    thresh : float or sequence of float
        Score threshold(s); a sequence gives one result per threshold.
    criterion : {'iou', 'iop', 'iot'}
    report_matches : bool
        Also report ``matched_pairs`` (label pairs of the assignment),
        ``matched_scores`` and ``matched_tps`` (indices of the pairs that
        are true positives).

    Returns
    -------
    Matching (namedtuple) or tuple of Matching
        Fields ``criterion, thresh, fp, tp, fn, precision, recall,
        accuracy, f1, n_true, n_pred, mean_true_score, mean_matched_score,
        panoptic_quality``, StarDist's definitions.

    Notes
    -----
    Scores are rounded to float32 as StarDist stores them, so thresholds
    decide identically. The assignment is solved exactly on the sparse
    graph of overlapping pairs; like StarDist's dense assignment,
    ``matched_pairs`` then pairs up the objects left over (score 0), here
    in label order, where StarDist's choice among them is arbitrary.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import matching
    >>> y_true = np.array([[1, 1, 0, 2, 2]])
    >>> y_pred = np.array([[1, 1, 0, 0, 3]])
    >>> m = matching(y_true, y_pred, thresh=0.5)
    >>> m.tp, m.fp, m.fn, m.f1
    (2, 0, 0, 1.0)
    """
    if criterion not in _CRITERIA:
        raise ValueError(f"criterion must be one of {_CRITERIA}, got {criterion!r}")
    single = thresh is None or np.ndim(thresh) == 0
    thresholds = [0.0 if thresh is None else float(thresh)] if single else [float(t) for t in np.ravel(thresh)]
    overlap = _Overlap(y_true, y_pred, criterion)
    results = tuple(overlap.match(t, report_matches) for t in thresholds)
    return results[0] if single else results


def matching_dataset(y_true, y_pred, thresh=0.5, criterion="iou", by_image=False, show_progress=False,
                     parallel=False):
    """Matching statistics over a dataset of image pairs, as
    :func:`stardist.matching.matching_dataset`.

    Counts are summed over images; with ``by_image=False`` the rates and
    scores are computed from the totals, with ``by_image=True`` they are
    averaged over images. `show_progress` and `parallel` are accepted for
    compatibility and ignored (every image is matched by the multithreaded
    engine).

    Parameters
    ----------
    y_true, y_pred : sequences of label images, same length
    thresh, criterion
        As for :func:`matching`.
    by_image : bool

    Returns
    -------
    DatasetMatching (namedtuple) or tuple of DatasetMatching

    Examples
    --------
    >>> import numpy as np
    >>> from swiftbio.metrics import matching_dataset
    >>> a = np.array([[1, 1, 0, 2]])
    >>> b = np.array([[1, 1, 0, 0]])
    >>> matching_dataset([a, a], [a, b]).tp
    3
    """
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred must have the same length")
    single = np.ndim(thresh) == 0
    thresholds = (float(thresh),) if single else tuple(float(t) for t in np.ravel(thresh))
    per_image = [matching(t, p, thresh=thresholds, criterion=criterion) for t, p in zip(y_true, y_pred)]
    results = []
    for k, thr in enumerate(thresholds):
        stats = [image[k] for image in per_image]
        total = {key: sum(getattr(s, key) for s in stats) for key in ("fp", "tp", "fn", "n_true", "n_pred")}
        if by_image:
            n = len(stats)
            rates = {key: sum(getattr(s, key) for s in stats) / n
                     for key in ("precision", "recall", "accuracy", "f1", "mean_true_score", "mean_matched_score",
                                 "panoptic_quality")}
        else:
            matched = sum(s.mean_true_score * s.n_true for s in stats)
            rates = _rates(total["tp"], total["fp"], total["fn"], total["n_true"], matched)
        values = dict(criterion=criterion, thresh=thr, **total, **rates, by_image=bool(by_image))
        results.append(DatasetMatching(**{key: values[key] for key in DatasetMatching._fields}))
    return results[0] if single else tuple(results)


def _rates(tp, fp, fn, n_true, matched_score):
    return dict(
        precision=tp / (tp + fp) if tp > 0 else 0,
        recall=tp / (tp + fn) if tp > 0 else 0,
        accuracy=tp / (tp + fp + fn) if tp > 0 else 0,
        f1=(2 * tp) / (2 * tp + fp + fn) if tp > 0 else 0,
        mean_true_score=_safe_divide(matched_score, n_true),
        mean_matched_score=_safe_divide(matched_score, tp),
        panoptic_quality=_safe_divide(matched_score, tp + fp / 2 + fn / 2),
    )


def _safe_divide(x, y, eps=1e-10):
    return x / y if abs(y) > eps else 0.0


def _as_label_pair(y_true, y_pred):
    arrays = []
    for name, image in (("y_true", y_true), ("y_pred", y_pred)):
        array = np.asarray(image)
        if array.dtype.kind not in "biu":
            raise ValueError(f"{name} must be an integer label image, got dtype {array.dtype}")
        if array.size and array.min() < 0:
            raise ValueError(f"{name} must not contain negative labels")
        arrays.append(array)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(f"y_true {arrays[0].shape} and y_pred {arrays[1].shape} have different shapes")
    common = np.result_type(*[a.dtype for a in arrays])
    if common == np.bool_:
        common = np.dtype(np.uint8)
    if common not in (np.uint8, np.uint16, np.int32, np.uint32):
        high = max((int(a.max()) for a in arrays if a.size), default=0)
        if high > np.iinfo(np.uint32).max:
            raise ValueError("labels above 2**32 - 1 are not supported")
        common = np.dtype(np.uint32)
    return [as_image(np.asarray(a, dtype=common), name) for a, name in zip(arrays, ("y_true", "y_pred"))]


class _Overlap:
    """Sparse overlap of two label images and the pair scores."""

    def __init__(self, y_true, y_pred, criterion):
        a, b = _as_label_pair(y_true, y_pred)
        self.criterion = criterion
        table = _core.label_overlap(a, b)
        true, pred, pairs = (_group(table, g) for g in (_TRUE, _PRED, _PAIRS))
        self.true_labels, true_area = true[:, 0].astype(np.int64), true[:, 1]
        self.pred_labels, pred_area = pred[:, 0].astype(np.int64), pred[:, 1]
        self.i, self.j = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
        shared = pairs[:, 2]
        if criterion == "iou":
            denominator = true_area[self.i] + pred_area[self.j] - shared
        elif criterion == "iot":
            denominator = true_area[self.i]
        else:
            denominator = pred_area[self.j]
        # float32, as StarDist stores its score matrix.
        self.scores = (shared / denominator).astype(np.float32)

    def match(self, thr, report):
        n_true, n_pred = len(self.true_labels), len(self.pred_labels)
        n_matched = min(n_true, n_pred)
        scores = self.scores.astype(np.float64)
        keep = self.scores > 0
        tp, matched_score = 0, 0.0
        pairs = np.zeros((0, 2), dtype=np.int64)
        pair_scores = np.zeros(0, np.float32)
        if n_matched > 0 and np.any(keep):
            weight = (self.scores >= thr).astype(np.float64) + scores / (2 * n_matched)
            i, j, w = self.i[keep], self.j[keep], weight[keep]
            match = np.empty(n_true, dtype=np.int64)
            _core.max_weight_matching(n_true, n_pred, np.ascontiguousarray(i), np.ascontiguousarray(j),
                                      np.ascontiguousarray(w), match)
            rows = np.flatnonzero(match >= 0)
            pairs = np.stack([rows, match[rows]], axis=1)
            # Score of each matched pair, looked up in the sorted sparse pairs.
            keys = self.i * max(n_pred, 1) + self.j
            position = np.searchsorted(keys, pairs[:, 0] * max(n_pred, 1) + pairs[:, 1])
            pair_scores = self.scores[position]
        if n_matched > 0:
            # As a full assignment does, pair the objects left over (no overlap, score 0) in label order.
            free_true = np.setdiff1d(np.arange(n_true), pairs[:, 0])
            free_pred = np.setdiff1d(np.arange(n_pred), pairs[:, 1])
            extra = n_matched - len(pairs)
            filler = np.stack([free_true[:extra], free_pred[:extra]], axis=1)
            pairs = np.concatenate([pairs, filler])
            pair_scores = np.concatenate([pair_scores, np.zeros(extra, np.float32)])
            order = np.argsort(pairs[:, 0], kind="stable")
            pairs, pair_scores = pairs[order], pair_scores[order]
            ok = pair_scores >= thr
            tp = int(np.count_nonzero(ok))
            matched_score = float(np.sum(pair_scores[ok], dtype=np.float64))
        fp, fn = n_pred - tp, n_true - tp
        values = dict(criterion=self.criterion, thresh=thr, fp=fp, tp=tp, fn=fn,
                      **_rates(tp, fp, fn, n_true, matched_score), n_true=n_true, n_pred=n_pred)
        if not report:
            return Matching(**{key: values[key] for key in Matching._fields})
        ok = pair_scores >= thr
        values.update(
            matched_pairs=tuple((int(self.true_labels[a]), int(self.pred_labels[b])) for a, b in pairs),
            matched_scores=tuple(pair_scores),
            matched_tps=tuple(int(k) for k in np.flatnonzero(ok)),
        )
        return MatchingReport(**{key: values[key] for key in MatchingReport._fields})


def _group(table, group):
    rows, width = _core.table_shape(table, group)
    out = np.empty(rows * width, dtype=np.float64)
    if out.size:
        _core.table_copy(table, group, out)
    return out.reshape(rows, max(width, 1) if rows == 0 else width)
