/// One separable term: a 1D kernel (or none) for each axis, in the
/// caller's axis order. A missing kernel leaves that axis untouched.
///
/// `passOrder` is the order (caller axes) in which scipy.ndimage applies
/// the passes. It only matters with a non-zero constant border, where each
/// pass pads its own input with `cval`; otherwise the passes commute and
/// run in the fastest order, width first.
public struct SeparableTerm: Sendable, Equatable {
    public var kernels: [Kernel1D?]
    public var passOrder: [Int]

    public init(_ kernels: [Kernel1D?], passOrder: [Int]? = nil) {
        self.kernels = kernels
        self.passOrder = passOrder ?? Array(kernels.indices)
    }

    /// The kernel for engine axis 0, 1 or 2 of an image of rank `rank`.
    @inlinable func kernel(engineAxis axis: Int, rank: Int) -> Kernel1D? {
        let k = axis - (3 - rank)
        guard k >= 0, let kernel = kernels[k], !kernel.isIdentity else { return nil }
        return kernel
    }
}

/// How the terms of a separable filter bank add up.
public enum TermCombination: Sendable {
    /// `Σ terms` (Laplacians).
    case sum
    /// `√(Σ terms²)` (gradient magnitudes).
    case rootSumOfSquares
}

/// Applies a bank of separable filters and combines the terms.
///
/// Each term runs as 1D passes, width first (reading `input`, converting
/// to `T`), then height and depth; every pass uses `mode` and `cval` at the
/// borders. Output and input may be the same memory.
///
/// - Throws: `EngineError.invalidArgument` if shapes differ or a term has
///   the wrong number of kernels; `.outOfMemory` if scratch memory fails.
@inlinable
public func separableFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, terms: [SeparableTerm],
    combination: TermCombination = .sum, mode: BoundaryMode, cval: Double
) throws {
    try require(input.shape == output.shape,
                "output shape \(output.shape) does not match input shape \(input.shape)")
    try require(!terms.isEmpty, "a filter needs at least one term")
    for term in terms {
        try require(term.kernels.count == input.shape.rank,
                    "need one kernel per axis (\(input.shape.rank)), got \(term.kernels.count)")
    }
    if overlaps(input, output) {  // in place: every pass and term must read the original
        return try withCopy(of: input) {
            try separableFilter($0, into: output, terms: terms, combination: combination, mode: mode, cval: cval)
        }
    }
    let rank = input.shape.rank
    if !(mode == .constant && cval != 0) {
        // The fast order: every term streams, width and height passes
        // together, a depth pass through a ring of planes.
        let planeTerms = terms.map {
            PlaneTerm(width: $0.kernel(engineAxis: 2, rank: rank), height: $0.kernel(engineAxis: 1, rank: rank))
        }
        let folds = terms.indices.map { Fold(term: $0, combination) }
        let depthKernels = terms.map { $0.kernel(engineAxis: 0, rank: rank) }
        if depthKernels.allSatisfy({ $0 == nil }) {
            streamPlanes(input, into: output, terms: planeTerms, folds: folds,
                         root: combination == .rootSumOfSquares, mode: mode, cval: cval)
            return
        }
        for t in terms.indices {
            if let depth = depthKernels[t] {
                try streamVolume(input, into: output, plane: planeTerms[t], depth: depth, fold: folds[t],
                                 mode: mode, cval: cval)
            } else {
                streamPlanes(input, into: output, terms: [planeTerms[t]], folds: [folds[t]], mode: mode, cval: cval)
            }
        }
        if combination == .rootSumOfSquares { updatePixels(output) { $0.vectorizableSquareRoot } }
        return
    }
    // scipy's order (a non-zero constant border): whole passes, one by one.
    var scratch: ImageBuffer<T>? = nil
    func scratchView() throws -> MutableImageView<T> {
        if scratch == nil { scratch = try ImageBuffer<T>(shape: input.shape) }
        return scratch!.view
    }
    var termBuffer: ImageBuffer<T>? = nil
    for (t, term) in terms.enumerated() {
        if t == 0 {
            try applyTermInScipyOrder(term, to: input, into: output, scratch: scratchView, mode: mode, cval: cval)
            if combination == .rootSumOfSquares { updatePixels(output) { o in o * o } }
        } else {
            if termBuffer == nil { termBuffer = try ImageBuffer<T>(shape: input.shape) }
            let value = termBuffer!.view
            try applyTermInScipyOrder(term, to: input, into: value, scratch: scratchView, mode: mode, cval: cval)
            switch combination {
            case .sum: combinePixels(output, value) { o, v in o + v }
            case .rootSumOfSquares: combinePixels(output, value) { o, v in o.addingProduct(v, v) }
            }
        }
    }
    if combination == .rootSumOfSquares { updatePixels(output) { o in o.vectorizableSquareRoot } }
}

/// Runs the passes of one term one by one in scipy's order,
/// ping-ponging between `output` and scratch so that the last lands in
/// `output`. The first pass reads `input` and converts it to `T`: the width
/// pass does so as it extends each row; before any other first pass, a
/// conversion runs.
@inlinable
func applyTermInScipyOrder<In: PixelScalar, T: FilterScalar>(
    _ term: SeparableTerm, to input: ImageView<In>, into output: MutableImageView<T>,
    scratch: () throws -> MutableImageView<T>, mode: BoundaryMode, cval: Double
) throws {
    let rank = input.shape.rank
    var passes = term.passOrder.map { $0 + 3 - rank }.filter { term.kernel(engineAxis: $0, rank: rank) != nil }
    let convertFirst = passes.first != 2
    var destination = (passes.count + (convertFirst ? 1 : 0)) % 2 == 1 ? output : try scratch()
    if convertFirst {
        convertPixels(input, into: destination)
    } else {
        correlateAlongWidth(input, into: destination, kernel: term.kernel(engineAxis: 2, rank: rank)!,
                            mode: mode, cval: cval)
        passes.removeFirst()
    }
    for axis in passes {
        let source = destination.readOnly
        destination = source.base == UnsafePointer(output.base) ? try scratch() : output
        let kernel = term.kernel(engineAxis: axis, rank: rank)!
        if axis == 2 {
            correlateAlongWidth(source, into: destination, kernel: kernel, mode: mode, cval: cval)
        } else {
            correlateAcrossRows(source, into: destination, axis: axis, kernel: kernel, mode: mode, cval: cval)
        }
    }
}
