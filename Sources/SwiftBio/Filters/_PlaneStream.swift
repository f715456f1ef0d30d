// A separable term with a depth pass, streamed plane by plane.
//
// A ring holds the last `taps` planes filtered along width and height
// (by `streamPlanes`); each output plane is their weighted sum, folded into
// the output. The ring replaces a full-size scratch volume: on
// 64×512×512 float32 it is 17 planes (17 MB) for σ = 2 instead of 64 MB.

/// Applies one term (width, height, depth kernels; depth present) to a 3D
/// `input`, folding it into `output` as `fold` says.
@inlinable
func streamVolume<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, plane term: PlaneTerm, depth: Kernel1D,
    fold: Fold, mode: BoundaryMode, cval: Double
) throws {
    let shape = input.shape, planeSize = shape.height * shape.width
    let planeShape = try ImageShape([shape.height, shape.width])
    let taps = depth.weights.count
    let weights = depth.weights.map { T($0) }
    // Planes needing no work are read from the input in place.
    let direct = In.self == T.self && term.width == nil && term.height == nil
    let ring = direct ? nil : try ImageBuffer<T>(shape: ImageShape([taps, shape.height, shape.width]))
    let cvalPlane = mode == .constant ? try ImageBuffer<T>(shape: planeShape) : nil
    cvalPlane.map { $0.view.base.update(repeating: T(cval), count: planeSize) }
    // For `.addSquare`: the term's plane before its square is added (one
    // plane; each worker uses its own band of it).
    let termPlane = fold.writesOutput ? nil : try ImageBuffer<T>(shape: planeShape)
    // One parallel region: each worker owns a band of rows and walks every
    // plane, writing its band of the shared ring (a region per plane cost
    // more than it gained: 3D Sobel ran slower on two threads than on one).
    let work = shape.width * ((term.width?.weights.count ?? 1) + (term.height?.weights.count ?? 1) + taps) * shape.depth
    Parallel.forEachChunk(of: shape.height, workPerItem: work) { band in
        var tags = [Int](repeating: Int.min, count: taps)
        withUnsafeTemporaryAllocation(of: UnsafePointer<T>.self, capacity: taps) { rowSources in
            weights.withUnsafeBufferPointer { w in
                var planes = [UnsafePointer<T>](repeating: output.readOnly.base, count: taps)
                for z in 0..<shape.depth {
                    for k in 0..<taps {
                        let position = z + k - depth.before
                        guard let s = mode.sourceIndex(position, count: shape.depth) else {
                            planes[k] = cvalPlane!.view.readOnly.base
                            continue
                        }
                        let source = ImageView(base: input.base + s * planeSize, shape: planeShape)
                        guard let ring else {
                            planes[k] = UnsafeRawPointer(source.base).assumingMemoryBound(to: T.self)
                            continue
                        }
                        let slot = ((position % taps) + taps) % taps
                        let destination = MutableImageView(base: ring.view.base + slot * planeSize, shape: planeShape)
                        if tags[slot] != position {
                            tags[slot] = position
                            streamRows(band, of: source, into: destination, terms: [term], folds: [.assign],
                                       root: false, mode: mode, cval: cval)
                        }
                        planes[k] = destination.readOnly.base
                    }
                    let out = output.base + z * planeSize
                    let target = termPlane?.view.base ?? out
                    for y in band {
                        let offset = y * shape.width
                        for k in 0..<taps { rowSources[k] = planes[k] + offset }
                        combineRows(UnsafePointer(rowSources.baseAddress!), weights: w.baseAddress!, taps: taps,
                                    into: target + offset, count: shape.width, accumulate: fold == .add)
                        fold.finish(out + offset, target + offset, count: shape.width)
                    }
                }
            }
        }
    }
}
