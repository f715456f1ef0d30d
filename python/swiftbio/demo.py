"""The main job on the bundled real nuclei image: ``python -m swiftbio.demo``.

Filters ``img2d.tif`` (512x512 uint16 fluorescent nuclei), prints how long
each filter took, and saves a montage of the results as a PNG.
Needs ``matplotlib`` (the demo's, not swiftbio's, need).
"""
import argparse
import time
from pathlib import Path

import numpy as np

import swiftbio
import swiftbio.io
from swiftbio import filters

STEPS = [
    ("gaussian, sigma=2", lambda im: filters.gaussian(im, 2)),
    ("sobel magnitude", lambda im: filters.sobel(filters.gaussian(im, 1))),
    ("laplacian of gaussian, sigma=3", lambda im: filters.gaussian_laplace(im, 3)),
    ("gradient magnitude, sigma=2", lambda im: filters.gaussian_gradient_magnitude(im, 2)),
    ("unsharp mask, radius=3, amount=2", lambda im: filters.unsharp_mask(im, 3, 2)),
    ("mean 15x15", lambda im: filters.uniform(im, 15)),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("demo-output"), help="folder for the PNG")
    args = parser.parse_args(argv)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise SystemExit(f"the demo needs matplotlib: pip install matplotlib ({e})")

    image = swiftbio.io.imread(swiftbio.data.path("img2d.tif"))
    print(f"img2d.tif: {image.shape} {image.dtype}, {swiftbio.get_num_threads()} threads")
    results = [("input", image.astype(np.float32))]
    for name, step in STEPS:
        step(image)  # warm up
        start = time.perf_counter()
        result = step(image)
        print(f"  {name:34s} {1000 * (time.perf_counter() - start):7.2f} ms")
        results.append((name, result))

    args.output.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(2, 4, figsize=(16, 8.5))
    for ax, (name, result) in zip(axes.flat, results):
        low, high = np.percentile(result, (1, 99.8))
        ax.imshow(result, cmap="magma", vmin=low, vmax=high)
        ax.set_title(name)
    for ax in axes.flat:
        ax.axis("off")
    figure.tight_layout()
    png = args.output / "filters.png"
    figure.savefig(png, dpi=80)
    print(f"saved {png.resolve()}")


if __name__ == "__main__":
    main()
