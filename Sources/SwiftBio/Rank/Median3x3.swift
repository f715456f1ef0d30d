/// The 3×3 median of a 2D image (or each plane of a 3D one with a
/// 1×3×3 box) by Devillard's 19-exchange selection network ("Fast median
/// search: an ANSI C implementation", 1998), vectorised across pixels:
/// each exchange is a pointwise min/max over a block of 256 pixels.
/// Exact for every type with a total order (the output is an input value).
@inlinable
func median3x3<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, mode: BoundaryMode, cval: Double
) throws {
    let block = 256  // pixels per pass of the network: nine rows of them stay in L1
    let shape = image.shape, width = shape.width, fill = P.fromDouble(cval)
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * 20) { rows in
        // Three extended rows (one pixel each side) and their sources.
        let lines = UnsafeMutablePointer<P>.allocate(capacity: 3 * (width + 2))
        let slots = UnsafeMutablePointer<P>.allocate(capacity: 9 * block)
        defer { lines.deallocate(); slots.deallocate() }
        let stride = width + 2
        for r in rows {
            let plane = r / shape.height, y = r % shape.height
            for k in 0..<3 {
                let line = lines + k * stride
                guard let s = mode.sourceIndex(y + k - 1, count: shape.height) else {
                    line.update(repeating: fill, count: width + 2)
                    continue
                }
                let source = image.row(plane * shape.height + s)
                (line + 1).update(from: source, count: width)
                line[0] = mode.sourceIndex(-1, count: width).map { source[$0] } ?? fill
                line[width + 1] = mode.sourceIndex(width, count: width).map { source[$0] } ?? fill
            }
            let out = output.row(r)
            var x = 0
            while x < width {
                let n = min(block, width - x)
                for k in 0..<3 {
                    for dx in 0..<3 { (slots + (3 * k + dx) * block).update(from: lines + k * stride + x + dx, count: n) }
                }
                @inline(__always) func sort(_ a: Int, _ b: Int) {
                    _compareExchange(slots + a * block, slots + b * block, count: n)
                }
                sort(1, 2); sort(4, 5); sort(7, 8); sort(0, 1); sort(3, 4); sort(6, 7)
                sort(1, 2); sort(4, 5); sort(7, 8); sort(0, 3); sort(5, 8); sort(4, 7)
                sort(3, 6); sort(1, 4); sort(2, 5); sort(4, 7); sort(4, 2); sort(6, 4)
                sort(4, 2)
                (out + x).update(from: slots + 4 * block, count: n)
                x += block
            }
        }
    }
}
