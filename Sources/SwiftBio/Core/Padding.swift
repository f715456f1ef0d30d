/// A copy of `image` converted to `T` and extended by `before[a]` and
/// `after[a]` pixels on engine axis `a` (0 = depth, 1 = height,
/// 2 = width) as `mode` says: kernels that read a whole neighbourhood read
/// it from here and never test for borders.
@inlinable
func paddedCopy<S: PixelScalar, T: FilterScalar>(
    _ image: ImageView<S>, before: [Int], after: [Int], mode: BoundaryMode, cval: Double
) throws -> ImageBuffer<T> {
    try paddedCopy(image, before: before, after: after, mode: mode, fill: T(cval), convert: ConvertToFilterScalar<S, T>())
}

/// `paddedCopy` in the image's own type, `fill` outside in `constant` mode.
@inlinable
func paddedCopy<S: PixelScalar>(
    _ image: ImageView<S>, before: [Int], after: [Int], mode: BoundaryMode, fill: S
) throws -> ImageBuffer<S> {
    try paddedCopy(image, before: before, after: after, mode: mode, fill: fill, convert: IdentityConversion<S>())
}

@inlinable
func paddedCopy<S: PixelScalar, C: ElementConversion>(
    _ image: ImageView<S>, before: [Int], after: [Int], mode: BoundaryMode, fill: C.Target, convert: C
) throws -> ImageBuffer<C.Target> where C.Source == S {
    let shape = image.shape
    var dims = [shape.depth + before[0] + after[0], shape.height + before[1] + after[1],
                shape.width + before[2] + after[2]]
    if shape.rank == 2 { dims.removeFirst() }
    let padded = try ImageBuffer<C.Target>(shape: ImageShape(dims))
    let out = padded.view
    let paddedHeight = out.shape.height
    Parallel.forEachChunk(of: out.shape.rowCount, workPerItem: out.shape.width) { rows in
        for r in rows {
            let z = mode.sourceIndex(r / paddedHeight - before[0], count: shape.depth)
            let y = mode.sourceIndex(r % paddedHeight - before[1], count: shape.height)
            if let z, let y {
                mode.extendLine(image.row(z * shape.height + y), count: shape.width,
                                from: -before[2], to: shape.width + after[2], cval: fill, into: out.row(r),
                                convert: convert)
            } else {
                out.row(r).update(repeating: fill, count: out.shape.width)
            }
        }
    }
    return padded
}
