/// A floating-point type filters compute and write in (`Float` or `Double`),
/// with the SIMD vector its hot loops use.
///
/// The vector is 64 bytes wide (16 floats, 8 doubles): one AVX-512 register,
/// two AVX2 registers or four NEON registers; LLVM splits it as the target
/// needs.
public protocol FilterScalar: PixelScalar, BinaryFloatingPoint, SIMDScalar, Codable
where Vector.Scalar == Self {
    associatedtype Vector: SIMD
    /// Converts a pixel of any supported type to this precision.
    static func convert<P: PixelScalar>(_ pixel: P) -> Self
    init(_ value: Double)
}

extension Float: FilterScalar {
    public typealias Vector = SIMD16<Float>
    @inlinable public static func convert<P: PixelScalar>(_ pixel: P) -> Float { pixel.asFloat }
}

extension Double: FilterScalar {
    public typealias Vector = SIMD8<Double>
    @inlinable public static func convert<P: PixelScalar>(_ pixel: P) -> Double { pixel.asDouble }
}
