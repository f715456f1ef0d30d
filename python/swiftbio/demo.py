"""The main job on the bundled real nuclei image: ``python -m swiftbio.demo``.

The classic nuclei pipeline on ``img2d.tif`` (512x512 uint16 fluorescent
nuclei): Gaussian smoothing, Otsu threshold, Euclidean distance transform,
one seed per local maximum of the distance, marker watershed. It prints the
number of nuclei found and the object-matching F1 at IoU 0.5 against the
ground truth ``mask2d.tif``, and saves the labels (TIFF) and an outline
overlay (PNG, needs matplotlib).
"""
import argparse
import time
from pathlib import Path

import numpy as np

import swiftbio
from swiftbio import feature, filters, io, measure, morphology, segmentation


def segment_nuclei(image, sigma=2.0, min_distance=7):
    """Labels of the nuclei in `image`, and the time of each step (ms)."""
    times = {}

    def step(name, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        times[name] = 1000 * (time.perf_counter() - start)
        return result

    smooth = step("gaussian", filters.gaussian, image, sigma)
    threshold = step("otsu", filters.threshold_otsu, smooth)
    mask = smooth > threshold
    distance = step("distance transform", morphology.distance_transform_edt, mask)
    objects = step("label", measure.label, mask)
    peaks = step("peak_local_max", feature.peak_local_max, distance, min_distance=min_distance, labels=objects)
    markers = np.zeros(image.shape, np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    labels = step("watershed", segmentation.watershed, -distance, markers, mask=mask)
    return labels, times


def matching_f1(truth, prediction, threshold=0.5):
    """F1 of one-to-one object matches with IoU above `threshold` (above
    0.5 a match is unique, so counting pairs is the optimal assignment)."""
    truth = segmentation.relabel_sequential(truth)[0]
    prediction = segmentation.relabel_sequential(prediction)[0]
    n_true, n_pred = int(truth.max()), int(prediction.max())
    pairs = np.bincount(truth.ravel().astype(np.int64) * (n_pred + 1) + prediction.ravel(),
                        minlength=(n_true + 1) * (n_pred + 1)).reshape(n_true + 1, n_pred + 1)
    overlap = pairs[1:, 1:]
    union = pairs[1:, :].sum(axis=1, keepdims=True) + pairs[:, 1:].sum(axis=0, keepdims=True) - overlap
    iou = overlap / np.maximum(union, 1)
    matches = int(np.count_nonzero(iou > threshold))
    f1 = 2 * matches / (n_true + n_pred) if n_true + n_pred else 1.0
    return f1, matches, n_true, n_pred


def outlines(labels):
    """Labeled pixels with a 4-neighbour of another label (inner outlines)."""
    edge = np.zeros(labels.shape, bool)
    horizontal = labels[:, :-1] != labels[:, 1:]
    vertical = labels[:-1, :] != labels[1:, :]
    edge[:, :-1] |= horizontal
    edge[:, 1:] |= horizontal
    edge[:-1, :] |= vertical
    edge[1:, :] |= vertical
    return edge & (labels > 0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("demo-output"), help="folder for the results")
    args = parser.parse_args(argv)
    image = io.imread(swiftbio.data.path("img2d.tif"))
    truth = io.imread(swiftbio.data.path("mask2d.tif"))
    print(f"img2d.tif: {image.shape} {image.dtype}, {swiftbio.get_num_threads()} threads")
    segment_nuclei(image)  # warm up
    labels, times = segment_nuclei(image)
    for name, ms in times.items():
        print(f"  {name:20s} {ms:7.2f} ms")
    print(f"  {'total':20s} {sum(times.values()):7.2f} ms")
    f1, matches, n_true, n_pred = matching_f1(truth, labels)
    print(f"nuclei found: {n_pred} (ground truth: {n_true}); matched at IoU > 0.5: {matches}; F1 = {f1:.3f}")
    args.output.mkdir(parents=True, exist_ok=True)
    io.imwrite(args.output / "labels.tif", labels, compression="deflate")
    print(f"saved {(args.output / 'labels.tif').resolve()}")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no overlay PNG")
        return
    low, high = np.percentile(image, (1, 99.8))
    figure, axes = plt.subplots(1, 2, figsize=(13, 6.8))
    for ax, (title, label_image, color) in zip(axes, [(f"swiftbio: {n_pred} nuclei, F1 {f1:.2f}", labels, (1, 0.3, 0.1)),
                                                       (f"ground truth: {n_true} nuclei", truth, (0.2, 1, 0.3))]):
        rgb = np.dstack([np.clip((image - low) / (high - low), 0, 1)] * 3)
        rgb[outlines(label_image)] = color
        ax.imshow(rgb)
        ax.set_title(title)
        ax.axis("off")
    figure.tight_layout()
    png = args.output / "segmentation.png"
    figure.savefig(png, dpi=80)
    print(f"saved {png.resolve()}")


if __name__ == "__main__":
    main()
