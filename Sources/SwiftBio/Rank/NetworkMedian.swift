/// The median over a footprint of 13, 25, 27, 37, 49 or 81 pixels (disk(2),
/// 5×5, 3×3×3, disk(3), 7×7, 9×9, or any footprint of that many ones) by a
/// straight-line selection
/// network (`_MedianNetworks.swift`): for a block of pixels, each
/// footprint pixel's values are copied into its own row of a scratch
/// block, then one loop over the block runs the network per pixel; the
/// loop reads only the scratch block (constant offsets) and writes only
/// the output row, so the compiler vectorises it with registers holding
/// the window. From a padded copy in the image's own type.
///
/// Exact for a total order: integers, or floats without NaN (the caller
/// checks). `fill` is cval cast to the pixel type (a monotone cast).
@inlinable
func networkMedian<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, size: [Int], offsets: [(Int, Int, Int)],
    mode: BoundaryMode, fill: P
) throws {
    let n = offsets.count
    precondition(networkMedianSizes.contains(n))
    let shape = image.shape, block = 128
    let before = size.map { $0 / 2 }, after = zip(size, before).map { $0 - 1 - $1 }
    let padded = try paddedCopy(image, before: before, after: after, mode: mode, fill: fill)
    let p = padded.view.readOnly, paddedHeight = p.shape.height, height = shape.height, width = shape.width
    let flat = offsets.flatMap { [$0.0, $0.1, $0.2] }
    flat.withUnsafeBufferPointer { flatBuffer in
        let offset = flatBuffer.baseAddress!
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * n * 8) { rows in
            let slots = UnsafeMutablePointer<P>.allocate(capacity: n * block)
            defer { slots.deallocate() }
            for r in rows {
                let z = r / height, y = r % height, out = output.row(r)
                var x0 = 0
                while x0 < width {
                    let count = Swift.min(block, width - x0)
                    for j in 0..<n {
                        let source = p.row((z + offset[3 * j]) * paddedHeight + y + offset[3 * j + 1]) + x0 + offset[3 * j + 2]
                        (slots + j * block).update(from: source, count: count)
                    }
                    let v = UnsafePointer(slots), o = out + x0
                    switch n {
                    case 13: for i in 0..<count { o[i] = _medianNetwork13(v, stride: block, i) }
                    case 25: for i in 0..<count { o[i] = _medianNetwork25(v, stride: block, i) }
                    case 27: for i in 0..<count { o[i] = _medianNetwork27(v, stride: block, i) }
                    case 37: for i in 0..<count { o[i] = _medianNetwork37(v, stride: block, i) }
                    case 49: for i in 0..<count { o[i] = _medianNetwork49(v, stride: block, i) }
                    default: for i in 0..<count { o[i] = _medianNetwork81(v, stride: block, i) }
                    }
                    x0 += block
                }
            }
        }
    }
}

/// Window sizes with a generated network.
public let networkMedianSizes: Set<Int> = [13, 25, 27, 37, 49, 81]
