/// Exact Euclidean distance transform, as
/// `scipy.ndimage.distance_transform_edt`: for every nonzero pixel, the
/// distance to the nearest zero pixel, with `sampling` (the pixel size per
/// caller axis); zero pixels get 0.
///
/// Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions",
/// Theory of Computing 8 (2012), doi:10.4086/toc.2012.v008a019: squared
/// distances along the outermost axis by two sweeps (whole rows at a time,
/// vectorised), then the lower envelope of parabolas along each other
/// axis; O(n) per line, lines in parallel. The last envelope runs along
/// the rows themselves; a middle one (height, in 3D) takes blocks of 16
/// neighbouring lines so that every memory access reads whole cache lines.
/// An image with no zero pixel at all gets scipy's values for that case
/// (distances to the point (−1, 0, …)).
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
    // The sweep axis: the outermost with more than one pixel (none for a single row).
    let sweepAxis = [0, 1].first { shape.extent(ofEngineAxis: $0).count > 1 }
    guard _sweepSquaredDistances(input, into: output, axis: sweepAxis,
                                 weight: sweepAxis.map { engineSampling[$0] * engineSampling[$0] } ?? 1) else {
        return scipyNoBackground(output, sampling: sampling)
    }
    let middle = (sweepAxis ?? 1) + 1 ..< 2
    let passes = middle.filter { shape.extent(ofEngineAxis: $0).count > 1 } + (width > 1 ? [2] : [])
    guard let lastPass = passes.last else {
        updatePixels(output) { $0.vectorizableSquareRoot }
        return
    }
    for axis in passes {
        let weight = engineSampling[axis] * engineSampling[axis]
        let root = axis == lastPass
        if axis == 2 {
            // Along the rows: each row's envelope into a line, copied back.
            Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * 8) { rows in
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * width + 1)
                let v = UnsafeMutablePointer<Int>.allocate(capacity: width)
                defer { scratch.deallocate(); v.deallocate() }
                let line = scratch, z = scratch + width
                for r in rows {
                    let row = output.row(r)
                    _lowerEnvelopeBetweenZeros(row, stride: 1, count: width, weight: weight, into: line, v: v, z: z)
                    if root { for x in 0..<width { row[x] = line[x].vectorizableSquareRoot } }
                    else { row.update(from: line, count: width) }
                }
            }
            continue
        }
        let (n, stride) = shape.extent(ofEngineAxis: axis)
        // Per worker: a block of 16 lines interleaved row by row (gather and
        // scatter copy whole cache lines), one envelope, its breakpoints.
        _forEachLineBlock(shape, axis: axis, scratch: 16 * n + 2 * n + 1, indices: n) { blocks, scratch, v in
            let block = scratch, envelope = block + 16 * n, z = envelope + n
            for (first, lines) in blocks {
                for i in 0..<n { _copyLines(from: output.base + first + i * stride, to: block + 16 * i, count: lines) }
                for c in 0..<lines {
                    _lowerEnvelopeBetweenZeros(block + c, stride: 16, count: n, weight: weight, into: envelope, v: v, z: z)
                    for i in 0..<n { block[16 * i + c] = root ? envelope[i].vectorizableSquareRoot : envelope[i] }
                }
                for i in 0..<n { _copyLines(from: block + 16 * i, to: output.base + first + i * stride, count: lines) }
            }
        }
    }
}

/// The squared distance (times `weight`) to the nearest zero pixel along
/// engine axis `axis` (0 or 1; nil: each pixel alone), ∞ where a line has
/// none: a forward sweep counting steps since the last zero, a backward
/// sweep taking the nearer, both over whole rows at a time (strips of
/// columns in parallel). Returns false if the image has no zero pixel.
@inlinable
func _sweepSquaredDistances<P: PixelScalar>(
    _ input: ImageView<P>, into output: MutableImageView<Double>, axis: Int?, weight: Double
) -> Bool {
    let shape = input.shape, width = shape.width
    let (n, step) = axis.map { shape.extent(ofEngineAxis: $0) } ?? (1, 0)
    // Lines along the axis start at these rows: every row of plane 0 (depth), the first row of each plane (height).
    let starts = axis == 0 ? Array(0..<shape.height) : axis == 1 ? (0..<shape.depth).map { $0 * shape.height }
        : Array(0..<shape.rowCount)
    let strip = 512, strips = (width + strip - 1) / strip
    let found = UnsafeMutableBufferPointer<Bool>.allocate(capacity: starts.count * strips)
    defer { found.deallocate() }
    found.initialize(repeating: false)
    Parallel.forEachChunk(of: starts.count * strips, workPerItem: n * strip * 4) { items in
        for item in items {
            let first = starts[item / strips] * width + item % strips * strip
            let count = min(strip, width - item % strips * strip)
            @inline(__always) func row(_ i: Int) -> UnsafeMutablePointer<Double> { output.base + first + i * step }
            var anyZero = false
            for i in 0..<n {
                let source = input.base + first + i * step, d = row(i)
                if i > 0 {
                    let p = row(i - 1)
                    for x in 0..<count { d[x] = source[x].asDouble == 0 ? 0 : p[x] + 1 }
                } else {
                    for x in 0..<count { d[x] = source[x].asDouble == 0 ? 0 : .infinity }
                }
                if !anyZero { for x in 0..<count where d[x] == 0 { anyZero = true; break } }
            }
            found[item] = anyZero
            // Backward, squaring each row once the row before it no longer needs its steps.
            for i in stride(from: n - 1, through: 0, by: -1) {
                let d = row(i)
                if i + 1 < n {
                    let q = row(i + 1)
                    for x in 0..<count { d[x] = Swift.min(d[x], q[x] + 1) }
                    for x in 0..<count { q[x] = q[x] * q[x] * weight }
                }
                if i == 0 { for x in 0..<count { d[x] = d[x] * d[x] * weight } }
            }
        }
    }
    return found.contains(true)
}

/// Copies one row step of a block of up to 16 lines: a full block as a
/// fixed-size copy the compiler inlines (a call to memmove per 128 bytes
/// cost 14% of a 2048² transform).
@inlinable @inline(__always)
func _copyLines(from source: UnsafePointer<Double>, to destination: UnsafeMutablePointer<Double>, count: Int) {
    if count == 16 {
        destination.update(from: source, count: 16)
    } else {
        for c in 0..<count { destination[c] = source[c] }
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
