// One pass of a separable filter: a 1D kernel applied along one axis of the
// whole image, in parallel over rows. Borders come from `BoundaryMode`.

/// Correlates every row with `kernel` along the contiguous (width) axis.
/// Safe in place (`src` and `dst` the same memory): each row is copied into
/// an extended line before its output is written.
@inlinable
func correlateAlongWidth<S: PixelScalar, T: FilterScalar>(
    _ src: ImageView<S>, into dst: MutableImageView<T>,
    kernel: Kernel1D, mode: BoundaryMode, cval: Double
) {
    let n = src.shape.width
    let taps = kernel.weights.count
    let weights = kernel.weights.map { T($0) }
    let fill = T(cval)
    Parallel.forEachChunk(of: src.shape.rowCount, workPerItem: n * taps) { rows in
        withUnsafeTemporaryAllocation(of: T.self, capacity: n + taps - 1) { line in
            weights.withUnsafeBufferPointer { w in
                for r in rows {
                    mode.extendLine(src.row(r), count: n, from: -kernel.before, to: n + kernel.after,
                                    cval: fill, into: line.baseAddress!)
                    correlateLine(line.baseAddress!, weights: w.baseAddress!, taps: taps, into: dst.row(r), count: n)
                }
            }
        }
    }
}

/// Converts every pixel to `T`: the width pass of a term with no kernel
/// along the width axis.
@inlinable
func convertPixels<S: PixelScalar, T: FilterScalar>(_ src: ImageView<S>, into dst: MutableImageView<T>) {
    let n = src.shape.width
    Parallel.forEachChunk(of: src.shape.rowCount, workPerItem: n) { rows in
        for r in rows {
            let s = src.row(r), d = dst.row(r)
            for i in 0..<n { d[i] = T.convert(s[i]) }
        }
    }
}

/// Correlates with `kernel` along engine axis 0 (depth) or 1 (height):
/// each output row is a weighted sum of whole input rows, so the vector
/// loop runs along the contiguous axis. Not safe in place.
@inlinable
func correlateAcrossRows<T: FilterScalar>(
    _ src: ImageView<T>, into dst: MutableImageView<T>, axis: Int,
    kernel: Kernel1D, mode: BoundaryMode, cval: Double
) {
    assert(axis == 0 || axis == 1)
    let shape = src.shape
    let n = axis == 0 ? shape.depth : shape.height
    let rowStep = axis == 0 ? shape.height : 1
    let taps = kernel.weights.count
    let weights = kernel.weights.map { T($0) }
    let fill = T(cval)
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * taps) { rows in
        withUnsafeTemporaryAllocation(of: T.self, capacity: mode == .constant ? shape.width : 0) { cvalRow in
            cvalRow.initialize(repeating: fill)
            withUnsafeTemporaryAllocation(of: UnsafePointer<T>.self, capacity: taps) { sources in
                weights.withUnsafeBufferPointer { w in
                    for r in rows {
                        let position = axis == 0 ? r / shape.height : r % shape.height
                        let firstRow = r - position * rowStep
                        for k in 0..<taps {
                            let i = position + k - kernel.before
                            sources[k] = mode.sourceIndex(i, count: n).map { src.row(firstRow + $0 * rowStep) }
                                ?? UnsafePointer(cvalRow.baseAddress!)
                        }
                        combineRows(UnsafePointer(sources.baseAddress!), weights: w.baseAddress!, taps: taps,
                                    into: dst.row(r), count: shape.width)
                    }
                }
            }
        }
    }
}
