/// The `rank`-th smallest value over a footprint (`scipy.ndimage.rank_filter`;
/// the median is rank `count / 2`), borders from `mode`, computed in double
/// precision (exact for every supported type) and cast to `Out`, so the
/// result is one of the input's values (or cval), as scipy's.
///
/// Baseline: each pixel selects from its window, gathered from a padded
/// copy, by quickselect — O(window) per pixel, any footprint. Faster
/// paths, tried in order: the 3×3 median (`median3x3`), medians of 13, 25,
/// 27, 37, 49 or 81 pixels by a selection network (`networkMedian`), medians of odd
/// windows up to 49 pixels (`forgetfulMedian`), boxes over 8/16-bit images
/// (`histogramRank`). Rank 0 and the last rank are minimum and
/// maximum (`extremumFilter`, O(1)), chosen by the caller.
@inlinable
public func rankFilter<In: PixelScalar, Out: PixelScalar>(
    _ image: ImageView<In>, into output: MutableImageView<Out>, footprintShape: [Int], footprint: [Bool], rank: Int,
    mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, rank3 = (shape.rank == 2 ? [1] : []) + footprintShape
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(footprintShape.count == shape.rank && footprintShape.allSatisfy { $0 >= 1 },
                "footprint must have the image's \(shape.rank) dimensions, got shape \(footprintShape)")
    try require(footprint.count == footprintShape.reduce(1, *), "footprint mask and shape disagree")
    if overlaps(image, output) {  // in place: the kernels read rows others have written
        return try withCopy(of: image) {
            try rankFilter($0, into: output, footprintShape: footprintShape, footprint: footprint, rank: rank,
                           mode: mode, cval: cval)
        }
    }
    // Offsets of the footprint's ones in the padded image (plane, row, column).
    var offsets: [(Int, Int, Int)] = []
    for dz in 0..<rank3[0] { for dy in 0..<rank3[1] { for dx in 0..<rank3[2]
        where footprint[(dz * rank3[1] + dy) * rank3[2] + dx] { offsets.append((dz, dy, dx)) } } }
    let window = offsets.count
    try require(window > 0, "footprint must not be empty")
    try require(rank >= 0 && rank < window, "rank \(rank) is outside the footprint's \(window) pixels")
    // Medians by a vectorised kernel: the 3×3 median by sorted columns; disk(2), 5×5, 3×3×3,
    // disk(3), 7×7, 9×9 (or any footprint of that many pixels) by a selection network; other odd
    // windows up to 49 pixels (27 where the sliding histogram below wins, as on a 7×7 box) by
    // forgetful selection. Integers, or floats without NaN (min/max are not an order with NaN).
    let histogramBox = footprint.allSatisfy({ $0 }) && (In.self == UInt8.self || In.self == UInt16.self)
    let median: _MedianKernel? =
        rank != window / 2 || window % 2 == 0 ? nil
        : rank3 == [1, 3, 3] && footprint.allSatisfy({ $0 }) ? .sortedColumns
        : networkMedianSizes.contains(window) ? .network
        : (3...(histogramBox ? 27 : 49)).contains(window) ? .forgetful : nil
    if let median, In.self == Out.self && !(mode == .constant && cval.isNaN) {
        let o = UnsafeMutableRawPointer(output.base)
        func select<Q: PixelScalar & Comparable>(_ i: ImageView<Q>) throws {
            let out = MutableImageView(base: o.assumingMemoryBound(to: Q.self), shape: shape), fill = Q.fromDouble(cval)
            switch median {
            case .sortedColumns: try median3x3(i, into: out, mode: mode, cval: cval)
            case .network: try networkMedian(i, into: out, size: rank3, offsets: offsets, mode: mode, fill: fill)
            case .forgetful: try forgetfulMedian(i, into: out, size: rank3, offsets: offsets, mode: mode, fill: fill)
            }
        }
        if let i = image as? ImageView<UInt8> { return try select(i) }
        if let i = image as? ImageView<UInt16> { return try select(i) }
        if let i = image as? ImageView<Int32> { return try select(i) }
        if let i = image as? ImageView<UInt32> { return try select(i) }
        if let i = image as? ImageView<Float>, Float.extrema(i.base, count: shape.count).finite { return try select(i) }
        if let i = image as? ImageView<Double>, Double.extrema(i.base, count: shape.count).finite { return try select(i) }
    }
    if footprint.allSatisfy({ $0 }) && In.self == Out.self && (mode != .constant || (cval == cval.rounded() && cval >= 0)) {
        // Boxes over 8- and 16-bit images: a sliding histogram, O(height) per pixel.
        let o = UnsafeMutableRawPointer(output.base)
        if let i = image as? ImageView<UInt8>, mode != .constant || cval <= 255 {
            return try histogramRank(i, into: MutableImageView(base: o.assumingMemoryBound(to: UInt8.self), shape: shape),
                                     size: footprintShape, rank: rank, mode: mode, cval: cval)
        }
        if let i = image as? ImageView<UInt16>, mode != .constant || cval <= 65535 {
            return try histogramRank(i, into: MutableImageView(base: o.assumingMemoryBound(to: UInt16.self), shape: shape),
                                     size: footprintShape, rank: rank, mode: mode, cval: cval)
        }
    }
    let before = rank3.map { $0 / 2 }, after = zip(rank3, before).map { $0 - 1 - $1 }
    let padded: ImageBuffer<Double> = try paddedCopy(image, before: before, after: after, mode: mode, cval: cval)
    let p = padded.view
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * window * 2) { rows in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: window) { scratch in
            let values = scratch.baseAddress!
            for r in rows {
                let z = r / shape.height, y = r % shape.height, out = output.row(r)
                for x in 0..<shape.width {
                    for (k, o) in offsets.enumerated() {
                        values[k] = p.row((z + o.0) * p.shape.height + y + o.1)[x + o.2]
                    }
                    out[x] = Out.fromDouble(_select(values, count: window, rank: rank))
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

/// The vectorised median kernels `rankFilter` chooses from.
@usableFromInline
enum _MedianKernel { case sortedColumns, network, forgetful }
