/// The 3×3 median of a 2D image (or each plane of a 3D one with a
/// 1×3×3 box): sort each column of three once (low, middle, high rows,
/// shared by the three windows that contain the column), then a window's
/// median is the median of (largest of its three lows, median of its
/// middles, smallest of its highs) — 18 min/max per pixel in one loop
/// over the row that the compiler vectorises. Exact for every type
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
            for r in rows {
                let plane = r / shape.height, y = r % shape.height
                @inline(__always) func source(_ dy: Int) -> UnsafePointer<P> {
                    guard let s = mode.sourceIndex(y + dy, count: shape.height) else { return fillRow.baseAddress! }
                    return image.row(plane * shape.height + s)
                }
                let a = source(-1), b = source(0), c = source(1)
                // The border columns −1 and width, from `mode`.
                @inline(__always) func border(_ column: Int?) -> (P, P, P) {
                    _sorted3(column.map { a[$0] } ?? fill, column.map { b[$0] } ?? fill, column.map { c[$0] } ?? fill)
                }
                _medianRow(a, b, c, count: width, left: border(leftColumn), right: border(rightColumn), into: output.row(r))
            }
        }
    }
}

/// One output row in a single loop: the sorted column x + 1 is computed
/// and the previous two carried over from the earlier iterations (the
/// compiler vectorises the recurrence with shuffles); `left`/`right` are
/// the sorted border columns −1 and count.
///
/// The loop runs over a multiple of 64 bytes of pixels, then once more
/// over the last 64 bytes' worth, recomputing a few outputs: a vector loop
/// leaves its remainder to scalar code, which made a quarter of the time
/// on 2047 pixels of uint16.
@inlinable
func _medianRow<P: Comparable>(
    _ a: UnsafePointer<P>, _ b: UnsafePointer<P>, _ c: UnsafePointer<P>, count n: Int,
    left: (P, P, P), right: (P, P, P), into out: UnsafeMutablePointer<P>
) {
    @inline(__always) func median3(_ u: P, _ v: P, _ w: P) -> P {
        Swift.max(Swift.min(u, v), Swift.min(Swift.max(u, v), w))
    }
    @inline(__always) func merge(_ p: (P, P, P), _ q: (P, P, P), _ r: (P, P, P)) -> P {
        median3(Swift.max(Swift.max(p.0, q.0), r.0), median3(p.1, q.1, r.1), Swift.min(Swift.min(p.2, q.2), r.2))
    }
    @inline(__always) func column(_ x: Int) -> (P, P, P) { x < 0 ? left : _sorted3(a[x], b[x], c[x]) }
    /// Outputs start ..< end (end ≤ n − 1).
    @inline(__always) func run(_ start: Int, _ end: Int) {
        var previous = column(start - 1), current = column(start)
        for x in start..<end {
            let next = _sorted3(a[x + 1], b[x + 1], c[x + 1])
            out[x] = merge(previous, current, next)
            previous = current
            current = next
        }
    }
    let block = Swift.max(1, 64 / MemoryLayout<P>.stride), whole = (n - 1) - (n - 1) % block
    run(0, whole)
    if whole < n - 1 { run(Swift.max(0, n - 1 - block), n - 1) }
    out[n - 1] = merge(column(n - 2), column(n - 1), right)
}

/// (u, v, w) in ascending order.
@inlinable @inline(__always)
func _sorted3<P: Comparable>(_ u: P, _ v: P, _ w: P) -> (P, P, P) {
    let small = Swift.min(u, v), large = Swift.max(u, v)
    return (Swift.min(small, w), Swift.max(small, Swift.min(large, w)), Swift.max(large, w))
}
