/// N-d correlation with arbitrary weights (`scipy.ndimage.correlate`):
/// `out[p] = Σ_q weights[q] · input[p + q − before]`, with
/// `before[a] = weights.shape[a] / 2 + origin[a]` per axis.
///
/// The input is padded once (`paddedCopy`); each output row is then a sum
/// of 1D correlations of padded rows, one per row of weights that is not
/// all zero. Convolution is correlation with flipped weights (the caller
/// flips them and adjusts the origin as scipy does).
@inlinable
public func correlate<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, weights: ImageView<Double>,
    origin: [Int]? = nil, mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let shape = input.shape, rank = shape.rank
    try require(input.shape == output.shape,
                "output shape \(output.shape) does not match input shape \(input.shape)")
    try require(weights.shape.rank == rank,
                "weights must have the image's number of dimensions (\(rank)), got \(weights.shape.rank)")
    let w = UnsafeBufferPointer(start: weights.base, count: weights.shape.count)
    try require(w.allSatisfy(\.isFinite), "weights must be finite")
    let origin = origin ?? Array(repeating: 0, count: rank)
    try require(origin.count == rank, "origin needs one value per axis (\(rank)), got \(origin.count)")
    let ks = weights.shape
    let kdims = [ks.depth, ks.height, ks.width]
    let engineOrigin = (rank == 2 ? [0] : []) + origin
    var before = [0, 0, 0], after = [0, 0, 0]
    for a in 0..<3 {
        let k = try Kernel1D(Array(repeating: 1, count: kdims[a]), origin: engineOrigin[a])
        before[a] = k.before
        after[a] = k.after
    }
    let padded: ImageBuffer<T> = try paddedCopy(input, before: before, after: after, mode: mode, cval: cval)
    let p = padded.view
    // The rows of weights that contribute, as (dz, dy, first weight).
    let weightRows = (0..<ks.rowCount).filter { r in (0..<ks.width).contains { w[r * ks.width + $0] != 0 } }
    let typedWeights = w.map { T($0) }
    let n = shape.width
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: n * max(weightRows.count, 1) * ks.width) { rows in
        typedWeights.withUnsafeBufferPointer { tw in
            for r in rows {
                let z = r / shape.height, y = r % shape.height
                let out = output.row(r)
                if weightRows.isEmpty { out.update(repeating: 0, count: n) }
                for (i, wr) in weightRows.enumerated() {
                    let dz = wr / ks.height, dy = wr % ks.height
                    let source = p.row((z + dz) * p.shape.height + y + dy)
                    correlateLine(source, weights: tw.baseAddress! + wr * ks.width, taps: ks.width,
                                  into: out, count: n, accumulate: i > 0)
                }
            }
        }
    }
}
