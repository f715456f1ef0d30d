/// The median of an odd number n = 2k + 1 of footprint pixels by
/// forgetful selection (Paeth, "Median finding on a 3×3 grid", Graphics
/// Gems, 1990): of any k + 2 of the values the smallest and the largest
/// cannot be the median, so keep k + 2 values, drop their minimum and
/// maximum, read the next value and repeat; once all are read, drop
/// extremes until one remains. About n²/4 exchanges per pixel, each a
/// min/max over a block of 128 pixels that the compiler vectorises, from a
/// padded copy in the image's own type.
///
/// Exact for a total order: integers, or floats without NaN (the caller
/// checks). `fill` is cval cast to the pixel type; the cast is monotone,
/// so the median of the cast values is the cast of the median.
@inlinable
func forgetfulMedian<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, size: [Int], offsets: [(Int, Int, Int)],
    mode: BoundaryMode, fill: P
) throws {
    let shape = image.shape, n = offsets.count, k = n / 2, block = 128
    let before = size.map { $0 / 2 }, after = zip(size, before).map { $0 - 1 - $1 }
    let padded = try paddedCopy(image, before: before, after: after, mode: mode, fill: fill)
    let p = padded.view.readOnly, paddedHeight = p.shape.height, height = shape.height, width = shape.width
    // (dz, dy, dx) per footprint pixel as plain integers: no reference counting inside the threads.
    let flat = offsets.flatMap { [$0.0, $0.1, $0.2] }
    flat.withUnsafeBufferPointer { flatBuffer in
        let flatBase = flatBuffer.baseAddress!
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * n * n / 8) { rows in
            let slots = UnsafeMutablePointer<P>.allocate(capacity: (k + 2) * block)
            let offset = UnsafeMutablePointer<Int>.allocate(capacity: 3 * n + k + 2)
            defer { slots.deallocate(); offset.deallocate() }
            offset.initialize(from: flatBase, count: 3 * n)
            let order = offset + 3 * n  // the slots holding the values still in play
            for r in rows {
                let z = r / height, y = r % height, out = output.row(r)
                var x0 = 0
                while x0 < width {
                    let count = Swift.min(block, width - x0)
                    @inline(__always) func load(_ j: Int, into slot: Int) {
                        let source = p.row((z + offset[3 * j]) * paddedHeight + y + offset[3 * j + 1]) + x0 + offset[3 * j + 2]
                        (slots + slot * block).update(from: source, count: count)
                    }
                    @inline(__always) func exchange(_ a: Int, _ b: Int) {
                        _compareExchange(slots + a * block, slots + b * block, count: count)
                    }
                    var kept = k + 2, next = k + 2
                    for j in 0..<kept { load(j, into: j); order[j] = j }
                    while kept > 1 {
                        for i in 1..<kept { exchange(order[0], order[i]) }             // minimum to order[0]
                        for i in 1..<(kept - 1) { exchange(order[i], order[kept - 1]) }  // maximum to the end
                        let freed = order[0]
                        for i in 0..<(kept - 2) { order[i] = order[i + 1] }
                        kept -= 2
                        if next < n {
                            load(next, into: freed)
                            order[kept] = freed
                            kept += 1
                            next += 1
                        }
                    }
                    (out + x0).update(from: slots + order[0] * block, count: count)
                    x0 += block
                }
            }
        }
    }
}
