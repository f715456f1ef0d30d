/// Minimum or maximum over a footprint (`scipy.ndimage.minimum_filter` /
/// `maximum_filter` with `footprint=`; grey erosion and dilation): output
/// pixel p is the extreme of `input[p + q − size / 2]` over the footprint's
/// offsets q, borders from `mode`, cval applied in double precision as
/// scipy does, the result cast back to the input's type.
///
/// A full box runs separably (`maximumFilter`). Any other footprint is cut
/// into runs of ones along the width (a disk of radius r: 2r + 1 runs);
/// each output row is the extreme over runs of the van Herk running extreme
/// of the padded row the run lies on: O(runs) per pixel whatever their
/// length.
@inlinable
public func extremumFilter<P: PixelScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, rank = shape.rank
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(footprintShape.count == rank && footprintShape.allSatisfy { $0 >= 1 },
                "footprint must have the image's \(rank) dimensions, got shape \(footprintShape)")
    try require(footprint.count == footprintShape.reduce(1, *) && footprint.contains(true), "footprint must not be empty")
    let result = try ImageBuffer<Double>(shape: shape)
    if !footprint.contains(false) {
        try maximumFilter(image, into: result.view, size: footprintShape, mode: mode, cval: cval, minimum: minimum)
    } else {
        let size = (rank == 2 ? [1] : []) + footprintShape
        // Runs of ones per footprint row: (row dz, dy) → (first x, length).
        var runs: [(dz: Int, dy: Int, x: Int, length: Int)] = []
        for dz in 0..<size[0] {
            for dy in 0..<size[1] {
                var x = 0
                while x < size[2] {
                    guard footprint[(dz * size[1] + dy) * size[2] + x] else { x += 1; continue }
                    let start = x
                    while x < size[2] && footprint[(dz * size[1] + dy) * size[2] + x] { x += 1 }
                    runs.append((dz, dy, start, x - start))
                }
            }
        }
        let before = size.map { $0 / 2 }, after = zip(size, before).map { $0 - 1 - $1 }
        let padded: ImageBuffer<Double> = try paddedCopy(image, before: before, after: after, mode: mode, cval: cval)
        let p = padded.view, width = shape.width, longest = runs.map(\.length).max()!
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * runs.count * 4) { rows in
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * (width + longest))
            defer { scratch.deallocate() }
            let line = scratch, suffix = line + (width + longest), extreme = suffix + (width + longest)
            for r in rows {
                let z = r / shape.height, y = r % shape.height, out = result.view.row(r)
                out.update(repeating: minimum ? .infinity : -.infinity, count: width)
                for run in runs {
                    let source = p.row((z + run.dz) * p.shape.height + y + run.dy) + run.x
                    line.update(from: source, count: width + run.length - 1)
                    _runningExtreme(line, count: width, window: run.length, scratch: suffix, into: extreme, minimum: minimum)
                    if minimum { for x in 0..<width { out[x] = Swift.min(out[x], extreme[x]) } }
                    else { for x in 0..<width { out[x] = Swift.max(out[x], extreme[x]) } }
                }
            }
        }
    }
    Parallel.forEachChunk(of: shape.count, workPerItem: 1) { range in
        for i in range { output.base[i] = P.fromDouble(result.view.base[i]) }
    }
}
