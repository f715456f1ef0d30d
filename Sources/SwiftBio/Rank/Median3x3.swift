/// The 3×3 median of a 2D image (or each plane of a 3D one with a
/// 1×3×3 box): sort each column of three once (low, middle, high rows,
/// shared by the three windows that contain the column), then a window's
/// median is the median of (largest of its three lows, median of its
/// middles, smallest of its highs) — 18 min/max per pixel in two straight
/// loops over the row that the compiler vectorises. Exact for every type
/// with a total order (NaN-free floats): the output is an input value.
/// Rows come straight from the image; borders by `mode`.
@inlinable
func median3x3<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, width = shape.width, fill = P.fromDouble(cval)
    let fillRow = [P](repeating: fill, count: width)
    // Source columns of x = −1 and x = width (nil: the fill value).
    let leftColumn = mode.sourceIndex(-1, count: width), rightColumn = mode.sourceIndex(width, count: width)
    fillRow.withUnsafeBufferPointer { fillRow in
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * 4) { rows in
            // Sorted columns for x = −1 … width (index x + 1).
            let columns = UnsafeMutablePointer<P>.allocate(capacity: 3 * (width + 2))
            defer { columns.deallocate() }
            let low = columns, middle = columns + (width + 2), high = columns + 2 * (width + 2)
            for r in rows {
                let plane = r / shape.height, y = r % shape.height
                @inline(__always) func source(_ dy: Int) -> UnsafePointer<P> {
                    guard let s = mode.sourceIndex(y + dy, count: shape.height) else { return fillRow.baseAddress! }
                    return image.row(plane * shape.height + s)
                }
                let a = source(-1), b = source(0), c = source(1)
                _sortColumns(a, b, c, count: width, low: low + 1, middle: middle + 1, high: high + 1)
                // The border columns, from `mode`.
                @inline(__always) func border(_ column: Int?, at i: Int) {
                    let u = column.map { a[$0] } ?? fill, v = column.map { b[$0] } ?? fill, w = column.map { c[$0] } ?? fill
                    let small = Swift.min(u, v), large = Swift.max(u, v)
                    low[i] = Swift.min(small, w)
                    middle[i] = Swift.max(small, Swift.min(large, w))
                    high[i] = Swift.max(large, w)
                }
                border(leftColumn, at: 0)
                border(rightColumn, at: width + 1)
                _mergeColumns(low, middle, high, count: width, into: output.row(r))
            }
        }
    }
}

/// low/middle/high[x] = the sorted a[x], b[x], c[x].
@inlinable
func _sortColumns<P: Comparable>(
    _ a: UnsafePointer<P>, _ b: UnsafePointer<P>, _ c: UnsafePointer<P>, count: Int,
    low: UnsafeMutablePointer<P>, middle: UnsafeMutablePointer<P>, high: UnsafeMutablePointer<P>
) {
    for x in 0..<count {
        let u = a[x], v = b[x], w = c[x]
        let small = Swift.min(u, v), large = Swift.max(u, v)
        low[x] = Swift.min(small, w)
        middle[x] = Swift.max(small, Swift.min(large, w))
        high[x] = Swift.max(large, w)
    }
}

/// out[x] = median of the window of sorted columns x, x + 1, x + 2.
@inlinable
func _mergeColumns<P: Comparable>(
    _ low: UnsafePointer<P>, _ middle: UnsafePointer<P>, _ high: UnsafePointer<P>, count: Int,
    into out: UnsafeMutablePointer<P>
) {
    @inline(__always) func median3(_ u: P, _ v: P, _ w: P) -> P {
        Swift.max(Swift.min(u, v), Swift.min(Swift.max(u, v), w))
    }
    for x in 0..<count {
        let lows = Swift.max(Swift.max(low[x], low[x + 1]), low[x + 2])
        let highs = Swift.min(Swift.min(high[x], high[x + 1]), high[x + 2])
        out[x] = median3(lows, median3(middle[x], middle[x + 1], middle[x + 2]), highs)
    }
}
