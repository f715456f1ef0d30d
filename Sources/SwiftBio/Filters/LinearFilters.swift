// The public linear filters: each one states its kernels and hands them to
// `separableFilter`. Definitions follow scipy.ndimage exactly.

/// Checks per-axis σ values: one per axis, finite, non-negative.
@usableFromInline
func validatedSigma(_ sigma: [Double], rank: Int) throws -> [Double] {
    try require(sigma.count == rank, "sigma needs one value per axis (\(rank)), got \(sigma.count)")
    try require(sigma.allSatisfy { $0.isFinite && $0 >= 0 }, "sigma must be finite and >= 0, got \(sigma)")
    return sigma
}

@usableFromInline
func validatedTruncate(_ truncate: Double) throws -> Double {
    try require(truncate.isFinite && truncate > 0, "truncate must be finite and > 0, got \(truncate)")
    return truncate
}

/// Gaussian filter (`scipy.ndimage.gaussian_filter`): per-axis `sigma`,
/// derivative `order` per axis (0 smooths), kernel radius
/// `Int(truncate · σ + 0.5)`. Axes with σ = 0 are left untouched.
@inlinable
public func gaussianFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, sigma: [Double], order: [Int]? = nil,
    truncate: Double = 4, mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let rank = input.shape.rank
    let sigma = try validatedSigma(sigma, rank: rank)
    let order = order ?? Array(repeating: 0, count: rank)
    try require(order.count == rank, "order needs one value per axis (\(rank)), got \(order.count)")
    try require(order.allSatisfy { $0 >= 0 && $0 <= 4 }, "order must be between 0 and 4, got \(order)")
    let truncate = try validatedTruncate(truncate)
    let kernels = try (0..<rank).map { try GaussianKernel.kernel(sigma: sigma[$0], order: order[$0], truncate: truncate) }
    try separableFilter(input, into: output, terms: [SeparableTerm(kernels)], mode: mode, cval: cval)
}

/// Mean over a box of `size` pixels per axis (`scipy.ndimage.uniform_filter`).
@inlinable
public func uniformFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, size: [Int], origin: [Int]? = nil,
    mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let rank = input.shape.rank
    try require(size.count == rank, "size needs one value per axis (\(rank)), got \(size.count)")
    try require(size.allSatisfy { $0 >= 1 && $0 <= 1 << 20 }, "size must be between 1 and 2**20, got \(size)")
    let origin = origin ?? Array(repeating: 0, count: rank)
    try require(origin.count == rank, "origin needs one value per axis (\(rank)), got \(origin.count)")
    if origin.allSatisfy({ $0 == 0 }) && size.max()! >= 16 && !(mode == .constant && cval != 0) {
        // Wide boxes: running sums, O(1) per pixel.
        try require(input.shape == output.shape, "output shape \(output.shape) does not match input shape \(input.shape)")
        if overlaps(input, output) {
            return try withCopy(of: input) { try boxFilter($0, into: output, size: size, mode: mode, cval: cval) }
        }
        return try boxFilter(input, into: output, size: size, mode: mode, cval: cval)
    }
    let kernels = try (0..<rank).map { try Kernel1D.box(size: size[$0], origin: origin[$0]) }
    try separableFilter(input, into: output, terms: [SeparableTerm(kernels)], mode: mode, cval: cval)
}

/// Correlation with one 1D kernel along caller axis `axis`
/// (`scipy.ndimage.correlate1d`).
@inlinable
public func correlate1D<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, kernel: Kernel1D, axis: Int,
    mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let rank = input.shape.rank
    try require(axis >= 0 && axis < rank, "axis \(axis) is out of range for a \(rank)D image")
    var kernels = [Kernel1D?](repeating: nil, count: rank)
    kernels[axis] = kernel
    try separableFilter(input, into: output, terms: [SeparableTerm(kernels)], mode: mode, cval: cval)
}

/// The edge operators: a central difference along one axis and a
/// smoothing kernel along every other.
public enum EdgeOperator: Sendable {
    /// Smoothing `[1, 2, 1]`.
    case sobel
    /// Smoothing `[1, 1, 1]`.
    case prewitt

    @usableFromInline
    var smoothing: [Double] { self == .sobel ? [1, 2, 1] : [1, 1, 1] }

    /// The term computing the derivative along caller axis `axis`.
    @usableFromInline
    func term(axis: Int, rank: Int) throws -> SeparableTerm {
        let difference = try Kernel1D([-1, 0, 1]), smooth = try Kernel1D(smoothing)
        // scipy differentiates first, then smooths along the other axes in order.
        return SeparableTerm((0..<rank).map { $0 == axis ? difference : smooth },
                             passOrder: [axis] + (0..<rank).filter { $0 != axis })
    }
}

/// Sobel or Prewitt derivative along caller axis `axis`
/// (`scipy.ndimage.sobel(image, axis)`), or with `axis == nil` the
/// unnormalised gradient magnitude `√(Σₖ derivativeₖ²)`.
@inlinable
public func edgeFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, operator op: EdgeOperator, axis: Int?,
    mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let rank = input.shape.rank
    if let axis {
        try require(axis >= 0 && axis < rank, "axis \(axis) is out of range for a \(rank)D image")
        try separableFilter(input, into: output, terms: [op.term(axis: axis, rank: rank)], mode: mode, cval: cval)
    } else {
        let terms = try (0..<rank).map { try op.term(axis: $0, rank: rank) }
        try separableFilter(input, into: output, terms: terms, combination: .rootSumOfSquares, mode: mode, cval: cval)
    }
}

/// Discrete Laplacian `Σₖ ∂²/∂xₖ²` with `[1, −2, 1]` (`scipy.ndimage.laplace`).
@inlinable
public func laplaceFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let rank = input.shape.rank
    let second = try Kernel1D([1, -2, 1])
    let terms = (0..<rank).map { axis in SeparableTerm((0..<rank).map { $0 == axis ? second : nil }) }
    try separableFilter(input, into: output, terms: terms, mode: mode, cval: cval)
}

/// The terms `G_σ` differentiated `order` times along one axis each.
@usableFromInline
func gaussianDerivativeTerms(sigma: [Double], order: Int, truncate: Double, rank: Int) throws -> [SeparableTerm] {
    let sigma = try validatedSigma(sigma, rank: rank)
    let truncate = try validatedTruncate(truncate)
    return try (0..<rank).map { axis in
        SeparableTerm(try (0..<rank).map {
            try GaussianKernel.kernel(sigma: sigma[$0], order: $0 == axis ? order : 0, truncate: truncate)
        })
    }
}

/// Laplacian of Gaussian `Σₖ ∂²G_σ/∂xₖ²` (`scipy.ndimage.gaussian_laplace`).
@inlinable
public func gaussianLaplace<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, sigma: [Double], truncate: Double = 4,
    mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let terms = try gaussianDerivativeTerms(sigma: sigma, order: 2, truncate: truncate, rank: input.shape.rank)
    try separableFilter(input, into: output, terms: terms, mode: mode, cval: cval)
}

/// Gradient magnitude `√(Σₖ (∂G_σ/∂xₖ)²)`
/// (`scipy.ndimage.gaussian_gradient_magnitude`).
@inlinable
public func gaussianGradientMagnitude<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, sigma: [Double], truncate: Double = 4,
    mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    let terms = try gaussianDerivativeTerms(sigma: sigma, order: 1, truncate: truncate, rank: input.shape.rank)
    try separableFilter(input, into: output, terms: terms, combination: .rootSumOfSquares, mode: mode, cval: cval)
}

/// Unsharp masking `image + amount · (image − G_radius ∗ image)`, as
/// scikit-image's `unsharp_mask(..., preserve_range=True)`: no rescaling,
/// no clipping.
@inlinable
public func unsharpMask<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, radius: [Double], amount: Double,
    truncate: Double = 4, mode: BoundaryMode = .reflect, cval: Double = 0
) throws {
    try require(amount.isFinite, "amount must be finite, got \(amount)")
    if overlaps(input, output) {  // in place: the last step reads the original
        return try withCopy(of: input) {
            try unsharpMask($0, into: output, radius: radius, amount: amount, truncate: truncate, mode: mode, cval: cval)
        }
    }
    try gaussianFilter(input, into: output, sigma: radius, truncate: truncate, mode: mode, cval: cval)
    let a = T(amount), n = input.shape.width
    Parallel.forEachChunk(of: input.shape.rowCount, workPerItem: n) { rows in
        for r in rows {
            let src = input.row(r), blurred = output.row(r)
            for i in 0..<n {
                let x = T.convert(src[i])
                blurred[i] = x.addingProduct(a, x - blurred[i])
            }
        }
    }
}
