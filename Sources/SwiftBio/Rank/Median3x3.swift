/// The 3×3 median of a 2D image (or each plane of a 3D one with a
/// 1×3×3 box): sort the three columns of each window, then the median is
/// the median of (largest low, median of middles, smallest high) — 30
/// min/max per pixel in registers, in a straight loop over the row that
/// the compiler vectorises. Exact for every type with a total order
/// (NaN-free floats): the output is an input value. Rows come straight
/// from the image (borders by `mode`); the first and last column are done
/// pixel by pixel.
@inlinable
func median3x3<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, width = shape.width, fill = P.fromDouble(cval)
    let fillRow = [P](repeating: fill, count: width)
    fillRow.withUnsafeBufferPointer { fillRow in
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * 4) { rows in
            for r in rows {
                let plane = r / shape.height, y = r % shape.height
                func source(_ dy: Int) -> UnsafePointer<P> {
                    mode.sourceIndex(y + dy, count: shape.height).map { image.row(plane * shape.height + $0) }
                        ?? fillRow.baseAddress!
                }
                let a = source(-1), b = source(0), c = source(1), out = output.row(r)
                for x in 1..<max(width - 1, 1) { out[x] = _median9(a + x, b + x, c + x) }
                for x in Set([0, width - 1]) {
                    var window: [P] = []
                    window.reserveCapacity(9)
                    for row in [a, b, c] {
                        for dx in -1...1 {
                            window.append(mode.sourceIndex(x + dx, count: width).map { row[$0] } ?? fill)
                        }
                    }
                    window.sort()
                    out[x] = window[4]
                }
            }
        }
    }
}

/// Median of the 3×3 window centred on `b[0]` (rows `a` above and `c`
/// below; columns −1 … +1 readable).
@inlinable @inline(__always)
func _median9<P: Comparable>(_ a: UnsafePointer<P>, _ b: UnsafePointer<P>, _ c: UnsafePointer<P>) -> P {
    @inline(__always) func column(_ dx: Int) -> (low: P, middle: P, high: P) {
        let u = a[dx], v = b[dx], w = c[dx]
        let small = Swift.min(u, v), large = Swift.max(u, v)
        return (Swift.min(small, w), Swift.max(small, Swift.min(large, w)), Swift.max(large, w))
    }
    @inline(__always) func median3(_ u: P, _ v: P, _ w: P) -> P {
        Swift.max(Swift.min(u, v), Swift.min(Swift.max(u, v), w))
    }
    let left = column(-1), centre = column(0), right = column(1)
    let low = Swift.max(Swift.max(left.low, centre.low), right.low)
    let high = Swift.min(Swift.min(left.high, centre.high), right.high)
    return median3(low, median3(left.middle, centre.middle, right.middle), high)
}
