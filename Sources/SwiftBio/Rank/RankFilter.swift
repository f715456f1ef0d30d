/// The `rank`-th smallest value over a box of `size[a]` pixels per caller
/// axis (`scipy.ndimage.rank_filter`; the median is rank `count / 2`),
/// borders from `mode`, computed in `T`.
///
/// Baseline: each pixel selects from its window, gathered from a padded
/// copy, by quickselect — O(window) per pixel. Exact for any window; the
/// O(1)-per-pixel algorithms (histograms, van Herk) build on it.
@inlinable
public func rankFilter<In: PixelScalar, T: FilterScalar>(
    _ image: ImageView<In>, into output: MutableImageView<T>, size: [Int], rank: Int, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(size.count == shape.rank && size.allSatisfy { $0 >= 1 }, "size needs \(shape.rank) values >= 1, got \(size)")
    let engineSize = (shape.rank == 2 ? [1] : []) + size
    let window = engineSize.reduce(1, *)
    try require(rank >= 0 && rank < window, "rank \(rank) is outside the window of \(window) pixels")
    let before = engineSize.map { $0 / 2 }, after = zip(engineSize, before).map { $0 - 1 - $1 }
    let padded: ImageBuffer<T> = try paddedCopy(image, before: before, after: after, mode: mode, cval: cval)
    let p = padded.view
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * window * 2) { rows in
        withUnsafeTemporaryAllocation(of: T.self, capacity: window) { scratch in
            let values = scratch.baseAddress!
            for r in rows {
                let z = r / shape.height, y = r % shape.height, out = output.row(r)
                for x in 0..<shape.width {
                    var k = 0
                    for dz in 0..<engineSize[0] {
                        for dy in 0..<engineSize[1] {
                            let row = p.row((z + dz) * p.shape.height + y + dy) + x
                            for dx in 0..<engineSize[2] { values[k] = row[dx]; k += 1 }
                        }
                    }
                    out[x] = _select(values, count: window, rank: rank)
                }
            }
        }
    }
}

/// The `rank`-th smallest of `values[0 ..< count]` (reordering them):
/// quickselect with a median-of-three pivot.
@inlinable
func _select<T: FilterScalar>(_ values: UnsafeMutablePointer<T>, count: Int, rank: Int) -> T {
    var lo = 0, hi = count - 1
    while hi > lo {
        let mid = lo + (hi - lo) / 2
        if values[mid] < values[lo] { swap(&values[mid], &values[lo]) }
        if values[hi] < values[lo] { swap(&values[hi], &values[lo]) }
        if values[hi] < values[mid] { swap(&values[hi], &values[mid]) }
        let pivot = values[mid]
        var i = lo, j = hi
        while i <= j {
            while values[i] < pivot { i += 1 }
            while pivot < values[j] { j -= 1 }
            if i <= j { swap(&values[i], &values[j]); i += 1; j -= 1 }
        }
        if rank <= j { hi = j } else if rank >= i { lo = i } else { break }
    }
    return values[rank]
}
