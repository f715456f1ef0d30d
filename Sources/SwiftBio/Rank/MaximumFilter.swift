/// Maximum (or with `minimum`, minimum) over a box of `size[a]` pixels per
/// caller axis (`scipy.ndimage.maximum_filter(image, size, mode=…)`), as
/// Double.
///
/// Separable: one pass per axis of a running maximum by van Herk /
/// Gil & Werman (van Herk, "A fast algorithm for local minimum and maximum
/// filters on rectangular and octagonal kernels", Pattern Recognition
/// Letters 13(7), 1992, doi:10.1016/0167-8655(92)90069-C): prefix and
/// suffix maxima over blocks of the window's length, three comparisons per
/// pixel whatever the window. Strided axes go in blocks of 16 lines.
@inlinable
public func maximumFilter<P: PixelScalar>(
    _ image: ImageView<P>, into output: MutableImageView<Double>, size: [Int], mode: BoundaryMode, cval: Double,
    minimum: Bool = false
) throws {
    let shape = image.shape
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(size.count == shape.rank && size.allSatisfy { $0 >= 1 }, "size needs \(shape.rank) values >= 1, got \(size)")
    let engineSize = (shape.rank == 2 ? [1] : []) + size
    // Width: straight from the image, converting.
    let w = engineSize[2]
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * 3) { rows in
        let n = shape.width
        let line = UnsafeMutablePointer<Double>.allocate(capacity: 3 * (n + w))
        defer { line.deallocate() }
        for r in rows {
            mode.extendLine(image.row(r), count: n, from: -(w / 2), to: n + (w - 1 - w / 2), cval: cval, into: line)
            _runningExtreme(line, count: n, window: w, scratch: line + (n + w), into: output.row(r), minimum: minimum)
        }
    }
    for axis in [1, 0] where engineSize[axis] > 1 {
        let (n, stride) = shape.extent(ofEngineAxis: axis)
        let window = engineSize[axis]
        _forEachLineBlock(shape, axis: axis, scratch: 16 * n + 3 * (n + window), indices: 1) { blocks, scratch, _ in
            let block = scratch, line = block + 16 * n, work = line + (n + window), result = work + (n + window)
            for (first, lines) in blocks {
                for i in 0..<n { (block + 16 * i).update(from: output.base + first + i * stride, count: lines) }
                for c in 0..<lines {
                    for i in 0..<n { result[i] = block[16 * i + c] }
                    mode.extendLine(UnsafePointer(result), count: n, from: -(window / 2), to: n + (window - 1 - window / 2),
                                    cval: cval, into: line)
                    _runningExtreme(line, count: n, window: window, scratch: work, into: result, minimum: minimum)
                    for i in 0..<n { block[16 * i + c] = result[i] }
                }
                for i in 0..<n { (output.base + first + i * stride).update(from: block + 16 * i, count: lines) }
            }
        }
    }
}

/// `out[i] = max(line[i ..< i + window])` (or min) for `i < n`; `line`
/// holds `n + window − 1` values (overwritten), `scratch` room for as many.
@inlinable
func _runningExtreme(_ line: UnsafeMutablePointer<Double>, count n: Int, window: Int, scratch suffix: UnsafeMutablePointer<Double>,
                     into out: UnsafeMutablePointer<Double>, minimum: Bool) {
    if minimum {
        // min(a, b) = −max(−a, −b): one loop serves both.
        for j in 0..<(n + window - 1) { line[j] = -line[j] }
        _runningExtreme(line, count: n, window: window, scratch: suffix, into: out, minimum: false)
        for i in 0..<n { out[i] = -out[i] }
        return
    }
    let length = n + window - 1
    guard window > 1 else { out.update(from: line, count: n); return }
    // Suffix maxima within each block of `window` (computed in place of a copy).
    var start = 0
    while start < length {
        let end = min(start + window, length)
        suffix[end - 1] = line[end - 1]
        var j = end - 2
        while j >= start { suffix[j] = max(line[j], suffix[j + 1]); j -= 1 }
        start = end
    }
    // Prefix maxima within each block, in place.
    for j in 0..<length where j % window != 0 { line[j] = max(line[j], line[j - 1]) }
    for i in 0..<n { out[i] = max(suffix[i], line[i + window - 1]) }
}
