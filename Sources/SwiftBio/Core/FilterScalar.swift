import SwiftBioHints

/// A floating-point type filters compute and write in (`Float` or `Double`),
/// with the SIMD vector its hot loops use.
///
/// The vector is 32 bytes wide (8 floats, 4 doubles): one AVX2 register,
/// two NEON registers. 64-byte vectors measured no faster on AVX-512 here
/// (σ=2 Gaussian, 2048² float32: 8.9 ms vs 8.5 ms on one thread): the
/// sliding-window loads of a row filter split cache lines more often.
public protocol FilterScalar: PixelScalar, BinaryFloatingPoint, SIMDScalar, Codable
where Vector.Scalar == Self {
    associatedtype Vector: SIMD
    /// Converts a pixel of any supported type to this precision.
    static func convert<P: PixelScalar>(_ pixel: P) -> Self
    init(_ value: Double)
    /// `squareRoot()` in a form loops vectorise (`sb_sqrt`).
    var vectorizableSquareRoot: Self { get }
}

extension Float: FilterScalar {
    public typealias Vector = SIMD8<Float>
    @inlinable public static func convert<P: PixelScalar>(_ pixel: P) -> Float { pixel.asFloat }
    @inlinable public var vectorizableSquareRoot: Float { sb_sqrtf(self) }
}

extension Double: FilterScalar {
    public typealias Vector = SIMD4<Double>
    @inlinable public static func convert<P: PixelScalar>(_ pixel: P) -> Double { pixel.asDouble }
    @inlinable public var vectorizableSquareRoot: Double { sb_sqrt(self) }
}
