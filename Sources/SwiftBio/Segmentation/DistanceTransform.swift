/// Exact Euclidean distance transform, as
/// `scipy.ndimage.distance_transform_edt`: for every nonzero pixel, the
/// distance to the nearest zero pixel, with `sampling` (the pixel size per
/// caller axis); zero pixels get 0.
///
/// Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions",
/// Theory of Computing 8 (2012), doi:10.4086/toc.2012.v008a019: squared
/// distances along rows by two sweeps, then the lower envelope of
/// parabolas along each other axis; O(n) per line, lines in parallel,
/// strided axes in blocks of 16 neighbouring lines so that every memory
/// access reads whole cache lines. An image with no zero pixel at all gets
/// scipy's values for that case (distances to the point (−1, 0, …)).
@inlinable
public func distanceTransform<P: PixelScalar>(
    _ input: ImageView<P>, into output: MutableImageView<Double>, sampling: [Double]
) throws {
    let shape = input.shape, rank = shape.rank
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(sampling.count == rank && sampling.allSatisfy { $0.isFinite && $0 > 0 },
                "sampling needs \(rank) finite values > 0, got \(sampling)")
    let engineSampling = (rank == 2 ? [1.0] : []) + sampling
    let width = shape.width
    // Rows: squared distance to the nearest zero of the row.
    let sx = engineSampling[2] * engineSampling[2]
    var anyZero = false
    let zeroRows = UnsafeMutableBufferPointer<Bool>.allocate(capacity: shape.rowCount)
    defer { zeroRows.deallocate() }
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * 4) { rows in
        for r in rows {
            let source = input.row(r), d = output.row(r)
            var last = -1
            for x in 0..<width {
                if source[x].asDouble == 0 { last = x }
                d[x] = last < 0 ? .infinity : Double(x - last) * Double(x - last) * sx
            }
            zeroRows[r] = last >= 0
            last = -1
            for x in stride(from: width - 1, through: 0, by: -1) {
                if source[x].asDouble == 0 { last = x }
                if last >= 0 { d[x] = min(d[x], Double(last - x) * Double(last - x) * sx) }
            }
        }
    }
    anyZero = zeroRows.contains(true)
    guard anyZero else { return scipyNoBackground(output, sampling: sampling) }
    let passes = [1, 0].filter { shape.extent(ofEngineAxis: $0).count > 1 }
    guard let lastPass = passes.last else {
        updatePixels(output) { $0.squareRoot() }
        return
    }
    for axis in passes {
        let (n, stride) = shape.extent(ofEngineAxis: axis)
        let weight = engineSampling[axis] * engineSampling[axis]
        let root = axis == lastPass
        // Per worker: a block of 16 lines interleaved row by row (gather and
        // scatter copy whole cache lines), one envelope, its breakpoints.
        _forEachLineBlock(shape, axis: axis, scratch: 16 * n + 2 * n + 1, indices: n) { blocks, scratch, v in
            let block = scratch, envelope = block + 16 * n, z = envelope + n
            for (first, lines) in blocks {
                for i in 0..<n {
                    (block + 16 * i).update(from: output.base + first + i * stride, count: lines)
                }
                for c in 0..<lines {
                    _lowerEnvelopeBetweenZeros(block + c, stride: 16, count: n, weight: weight, into: envelope, v: v, z: z)
                    for i in 0..<n { block[16 * i + c] = root ? envelope[i].squareRoot() : envelope[i] }
                }
                for i in 0..<n {
                    (output.base + first + i * stride).update(from: block + 16 * i, count: lines)
                }
            }
        }
    }
}

/// scipy's distances when no pixel is zero: every pixel is measured to the
/// feature (−1, 0, …) its feature transform leaves in place.
@usableFromInline
func scipyNoBackground(_ output: MutableImageView<Double>, sampling: [Double]) {
    let shape = output.shape
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
        for r in rows {
            let z = r / shape.height, y = r % shape.height
            let coordinates = shape.rank == 3 ? [z, y] : [y]
            for x in 0..<shape.width {
                var sum = 0.0
                for (k, c) in (coordinates + [x]).enumerated() {
                    let d = Double((k == 0 ? -1 : 0) - c) * sampling[k]
                    sum += d * d
                }
                output.row(r)[x] = sum.squareRoot()
            }
        }
    }
}

/// `_lowerEnvelope` of a line, one stretch between zeros at a time: where
/// f is 0 (a background pixel) the result is 0, and a pixel between two
/// zeros is nearer (in f + weight·d²) to one of them than to anything
/// beyond it, so each stretch of positive values needs only its own
/// parabolas and the two zeros around it. On masks most of a line is
/// background, which then costs one comparison per pixel.
@inlinable
func _lowerEnvelopeBetweenZeros(
    _ f: UnsafePointer<Double>, stride: Int, count n: Int, weight: Double, into out: UnsafeMutablePointer<Double>,
    v: UnsafeMutablePointer<Int>, z: UnsafeMutablePointer<Double>
) {
    var q = 0
    while q < n {
        if f[q &* stride] == 0 { out[q] = 0; q += 1; continue }
        var end = q + 1
        while end < n && f[end &* stride] != 0 { end += 1 }
        let lo = q > 0 ? q - 1 : q, hi = end < n ? end + 1 : end  // with the zeros either side
        _lowerEnvelope(f + lo &* stride, stride: stride, count: hi - lo, weight: weight, into: out + lo, v: v, z: z)
        q = end
    }
}

/// `out[p] = min_q (weight·(p − q)² + f[q·stride])` over a line of `n`
/// values (∞ allowed), by the lower envelope of the parabolas rooted at
/// each q.
@inlinable
func _lowerEnvelope(
    _ f: UnsafePointer<Double>, stride: Int, count n: Int, weight: Double, into out: UnsafeMutablePointer<Double>,
    v: UnsafeMutablePointer<Int>, z: UnsafeMutablePointer<Double>
) {
    var k = -1
    for q in 0..<n where f[q &* stride] < .infinity {
        let fq = f[q &* stride] + weight * Double(q) * Double(q)
        var s = -Double.infinity
        while k >= 0 {
            let p = v[k]
            s = (fq - (f[p &* stride] + weight * Double(p) * Double(p))) / (2 * weight * Double(q - p))
            if s <= z[k] { k -= 1 } else { break }
        }
        k += 1
        v[k] = q
        z[k] = k == 0 ? -.infinity : s
        z[k + 1] = .infinity
    }
    guard k >= 0 else {
        out.update(repeating: .infinity, count: n)
        return
    }
    var j = 0
    for q in 0..<n {
        while z[j + 1] < Double(q) { j += 1 }
        let d = Double(q - v[j])
        out[q] = weight * d * d + f[v[j] &* stride]
    }
}

/// Calls `body` on each worker with its blocks of up to 16 neighbouring
/// lines along engine axis `axis` (1 or 0), as (first, count): `first` is
/// the linear index of the first line's first pixel, the lines are
/// `first + c` for `c < count`; and with `scratch` doubles and `indices`
/// Ints of the worker's own.
@inlinable
func _forEachLineBlock(
    _ shape: ImageShape, axis: Int, scratch: Int, indices: Int,
    _ body: ([(Int, Int)], UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int>) -> Void
) {
    let width = shape.width
    let blocksPerRow = (width + 15) / 16
    // Lines along height: one per (plane, x); along depth: one per (y, x).
    let outer = axis == 1 ? shape.depth : shape.height
    let outerStride = axis == 1 ? shape.height * width : width
    let (n, _) = shape.extent(ofEngineAxis: axis)
    Parallel.forEachChunk(of: outer * blocksPerRow, workPerItem: 16 * n * 8) { range in
        let blocks = range.map { b in
            let o = b / blocksPerRow, x0 = b % blocksPerRow * 16
            return (o * outerStride + x0, min(16, width - x0))
        }
        let doubles = UnsafeMutablePointer<Double>.allocate(capacity: scratch)
        let ints = UnsafeMutablePointer<Int>.allocate(capacity: max(indices, 1))
        defer { doubles.deallocate(); ints.deallocate() }
        body(blocks, doubles, ints)
    }
}
