/// The Euclidean feature transform of scipy.ndimage
/// (`distance_transform_edt(..., return_indices=True)`): for every pixel
/// the coordinates of a nearest zero pixel, chosen exactly as scipy
/// chooses among equally near ones, and the distance to it.
///
/// Maurer, Qi & Raghavan, "A Linear Time Algorithm for Computing Exact
/// Euclidean Distance Transforms of Binary Images in Arbitrary Dimensions",
/// IEEE TPAMI 25(2), 2003, doi:10.1109/TPAMI.2003.1177156, in scipy's
/// form: axes processed 0, 1, 2; a line's candidates are the sites whose
/// first coordinate is ≥ 0; a candidate leaves the stack while
/// `c·vR − b·uR − a·wR − a·b·c > 0`; each pixel keeps the earlier of two
/// equally near candidates. Distances are computed from the features as
/// scipy does: √(Σₖ ((fₖ − iₖ)·sₖ)²), summed over axes in order.
///
/// - Parameters:
///   - features: `rank` planes of `input.shape.count` Int32 (scipy's
///     `indices` array, component-major).
///   - distances: optional output of the distances.
@inlinable
public func featureTransform<P: PixelScalar>(
    _ input: ImageView<P>, features: UnsafeMutablePointer<Int32>, distances: MutableImageView<Double>?,
    sampling: [Double]
) throws {
    let shape = input.shape, rank = shape.rank, count = shape.count
    try require(sampling.count == rank && sampling.allSatisfy { $0.isFinite && $0 > 0 },
                "sampling needs \(rank) finite values > 0, got \(sampling)")
    try require(shape.dims.allSatisfy { $0 < Int(Int32.max) }, "image too large for 32-bit feature indices")
    let dims = shape.dims
    let strides = (0..<rank).map { a in dims[(a + 1)...].reduce(1, *) }
    // Initial features: a zero pixel is its own feature; others get −1 in
    // their first coordinate (the rest stay 0, as in scipy).
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * rank) { rows in
        for r in rows {
            let source = input.row(r), first = r * shape.width
            for x in 0..<shape.width {
                let i = first + x
                for k in 0..<rank {
                    features[k * count + i] = source[x].asDouble == 0 ? Int32(i / strides[k] % dims[k]) : (k == 0 ? -1 : 0)
                }
            }
        }
    }
    for axis in 0..<rank {
        let n = dims[axis], stride = strides[axis]
        let lines = count / n
        Parallel.forEachChunk(of: lines, workPerItem: n * rank * 4) { range in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: n * rank) { f in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n + rank) { scratch in
                let g = scratch.baseAddress!, coordinates = g + n
                for line in range {
                    // The line's first pixel: `line` enumerates the other axes in C order.
                    let outer = line / stride, inner = line % stride
                    let first = outer * n * stride + inner
                    for k in 0..<rank { coordinates[k] = first / strides[k] % dims[k] }
                    _voronoiLine(features: features, count: count, first: first, stride: stride, length: n,
                                 axis: axis, rank: rank, coordinates: coordinates, sampling: sampling,
                                 f: f.baseAddress!, g: g)
                }
            }
            }
        }
    }
    guard let distances else { return }
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width * rank) { rows in
        for r in rows {
            let out = distances.row(r)
            for x in 0..<shape.width {
                let i = r * shape.width + x
                var sum = 0.0
                for k in 0..<rank {
                    let d = Double(features[k * count + i] - Int32(i / strides[k] % dims[k])) * sampling[k]
                    sum += d * d
                }
                out[x] = sum.squareRoot()
            }
        }
    }
}

/// scipy's `_VoronoiFT` on one line of the feature planes.
@inlinable
func _voronoiLine(
    features: UnsafeMutablePointer<Int32>, count: Int, first: Int, stride: Int, length n: Int, axis d: Int,
    rank: Int, coordinates: UnsafePointer<Int>, sampling: [Double], f: UnsafeMutablePointer<Int32>,
    g: UnsafeMutablePointer<Int>
) {
    for i in 0..<n { for k in 0..<rank { f[i * rank + k] = features[k * count + first + i * stride] } }
    /// Squared distance, over the axes other than d, from site `i` to the line.
    func offLine(_ i: Int) -> Double {
        var sum = 0.0
        for k in 0..<rank where k != d {
            let t = Double(Int(f[i * rank + k]) - coordinates[k]) * sampling[k]
            sum += t * t
        }
        return sum
    }
    var l = -1
    for i in 0..<n where f[i * rank] >= 0 {
        let fd = Double(f[i * rank + d]), wR = offLine(i)
        while l >= 1 {
            let i1 = g[l], i2 = g[l - 1]
            let f1 = Double(f[i1 * rank + d])
            let a = (f1 - Double(f[i2 * rank + d])) * sampling[d]
            let b = (fd - f1) * sampling[d]
            let c = a + b
            let uR = offLine(i2), vR = offLine(i1)
            if c * vR - b * uR - a * wR - a * b * c <= 0 { break }
            l -= 1
        }
        l += 1
        g[l] = i
    }
    let last = l
    guard last >= 0 else { return }
    func distance(_ site: Int, _ i: Int) -> Double {
        var sum = 0.0
        for k in 0..<rank {
            let t = Double(Int(f[site * rank + k]) - (k == d ? i : coordinates[k])) * sampling[k]
            sum += t * t
        }
        return sum
    }
    l = 0
    for i in 0..<n {
        var best = distance(g[l], i)
        while l < last {
            let next = distance(g[l + 1], i)
            if best <= next { break }
            best = next
            l += 1
        }
        for k in 0..<rank { features[k * count + first + i * stride] = f[g[l] * rank + k] }
    }
}
