/// A 1D correlation kernel and its placement: output pixel `i` is
/// `Σₖ weights[k] · input[i + k − before]`, with `before = count / 2 + origin`
/// (scipy.ndimage's `correlate1d` convention: a positive origin shifts the
/// kernel to the left).
public struct Kernel1D: Sendable, Equatable {
    public let weights: [Double]
    public let origin: Int

    public init(_ weights: [Double], origin: Int = 0) throws {
        try require(!weights.isEmpty, "filter weights must not be empty")
        try require(weights.allSatisfy(\.isFinite), "filter weights must be finite")
        try require(weights.count / 2 + origin >= 0 && weights.count / 2 + origin < weights.count,
                    "invalid origin \(origin) for a filter of size \(weights.count): it must satisfy "
                    + "-(size // 2) <= origin <= (size - 1) // 2")
        self.weights = weights
        self.origin = origin
    }

    /// Pixels the kernel reads before the output pixel.
    @inlinable public var before: Int { weights.count / 2 + origin }
    /// Pixels the kernel reads after the output pixel.
    @inlinable public var after: Int { weights.count - 1 - before }
    /// True for `[1]`: applying it changes nothing.
    @inlinable public var isIdentity: Bool { weights == [1] }
    /// The mean of `size` pixels.
    public static func box(size: Int, origin: Int = 0) throws -> Kernel1D {
        try require(size >= 1, "filter size must be at least 1, got \(size)")
        return try Kernel1D(Array(repeating: 1 / Double(size), count: size), origin: origin)
    }
}
