/// An element type the engine reads images of: `Bool`, `UInt8`, `UInt16`,
/// `Int32`, `UInt32`, `Float` and `Double`.
///
/// Kernels convert pixels to their working precision through `asFloat` and
/// `asDouble`; both are exact for every type but `Int32`/`UInt32`/`Double`
/// read as `Float`, which round to 24 significant bits.
public protocol PixelScalar: Sendable, Equatable {
    /// The element type's tag, shared with the C ABI's dtype codes.
    static var dtype: DType { get }
    var asFloat: Float { get }
    var asDouble: Double { get }
    /// The value as an integer (truncated for floats): histogram bins.
    var asInt: Int { get }
    /// `value` in this type: truncated toward zero and clamped for integers
    /// (a C cast where it is defined), rounded for floats, `≠ 0` for Bool.
    static func fromDouble(_ value: Double) -> Self
    /// Smallest and largest of `count` values, and whether all are finite,
    /// in the type's own arithmetic (so that the loop vectorises).
    static func extrema(_ values: UnsafePointer<Self>, count: Int) -> (lo: Double, hi: Double, finite: Bool)
}

extension PixelScalar where Self: FixedWidthInteger {
    @inlinable public var asInt: Int { Int(truncatingIfNeeded: self) }
    @inlinable public static func fromDouble(_ value: Double) -> Self {
        // In range, `Int(value)` truncates as `Self(value)` does, but compiles to
        // one instruction where the generic float-to-integer init does not.
        value.isNaN ? 0 : value >= Double(Self.max) ? Self.max : value <= Double(Self.min) ? Self.min
            : Self(truncatingIfNeeded: Int(value))
    }

    @inlinable
    public static func extrema(_ values: UnsafePointer<Self>, count: Int) -> (lo: Double, hi: Double, finite: Bool) {
        var lo = Self.max, hi = Self.min
        for i in 0..<count {
            lo = Swift.min(lo, values[i])
            hi = Swift.max(hi, values[i])
        }
        return (Double(lo), Double(hi), true)
    }
}

extension PixelScalar where Self: FilterScalar {
    @inlinable public var asInt: Int { Int(asDouble) }
    @inlinable public static func fromDouble(_ value: Double) -> Self { Self(value) }
}

extension Bool: PixelScalar {
    public static var dtype: DType { .bool }
    @inlinable public var asInt: Int { self ? 1 : 0 }
    @inlinable public static func fromDouble(_ value: Double) -> Bool { value != 0 }
    @inlinable
    public static func extrema(_ values: UnsafePointer<Bool>, count: Int) -> (lo: Double, hi: Double, finite: Bool) {
        let bytes = UnsafeRawPointer(values).assumingMemoryBound(to: UInt8.self)
        return (UInt8.extrema(bytes, count: count).lo == 0 ? 0 : 1, UInt8.extrema(bytes, count: count).hi == 0 ? 0 : 1, true)
    }
    @inlinable public var asFloat: Float { self ? 1 : 0 }
    @inlinable public var asDouble: Double { self ? 1 : 0 }
}

extension UInt8: PixelScalar {
    public static var dtype: DType { .uint8 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { Double(self) }
}

extension UInt16: PixelScalar {
    public static var dtype: DType { .uint16 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { Double(self) }
}

extension Int32: PixelScalar {
    public static var dtype: DType { .int32 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { Double(self) }
}

extension UInt32: PixelScalar {
    public static var dtype: DType { .uint32 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { Double(self) }
}

extension Float: PixelScalar {
    public static var dtype: DType { .float32 }
    @inlinable public var asFloat: Float { self }
    @inlinable public var asDouble: Double { Double(self) }
    @inlinable
    public static func extrema(_ values: UnsafePointer<Float>, count: Int) -> (lo: Double, hi: Double, finite: Bool) {
        let (lo, hi, finite) = _floatExtrema(values, count: count, SIMD16<Float>.self,
                                             lower: { $0.replacing(with: $1, where: $1 .< $0) },
                                             higher: { $0.replacing(with: $1, where: $1 .> $0) })
        return (Double(lo), Double(hi), finite)
    }
}

extension Double: PixelScalar {
    public static var dtype: DType { .float64 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { self }
    @inlinable
    public static func extrema(_ values: UnsafePointer<Double>, count: Int) -> (lo: Double, hi: Double, finite: Bool) {
        _floatExtrema(values, count: count, SIMD8<Double>.self,
                      lower: { $0.replacing(with: $1, where: $1 .< $0) },
                      higher: { $0.replacing(with: $1, where: $1 .> $0) })
    }
}

/// Smallest and largest of `count` values, NaNs ignored, and whether all
/// are finite (`v · 0` is NaN exactly for NaN and infinite values, so one
/// running sum flags them). The lane-wise `lower`/`higher` come from the
/// concrete callers: a compare written on a generic `SIMD` vector compiles
/// to a loop over its lanes even once specialised (30× slower here), one
/// written on `SIMD16<Float>` to a single instruction.
@inlinable @inline(__always)
func _floatExtrema<V: SIMD>(
    _ values: UnsafePointer<V.Scalar>, count: Int, _: V.Type, lower: (V, V) -> V, higher: (V, V) -> V
) -> (V.Scalar, V.Scalar, Bool) where V.Scalar: BinaryFloatingPoint {
    var lo = V(repeating: .infinity), hi = V(repeating: -.infinity), poison = V()
    var i = 0
    while i + V.scalarCount <= count {
        let v = UnsafeRawPointer(values + i).loadUnaligned(as: V.self)
        lo = lower(lo, v)
        hi = higher(hi, v)
        poison = poison.addingProduct(v, V())
        i += V.scalarCount
    }
    var l = lo.min(), h = hi.max(), finite = !poison.sum().isNaN
    while i < count {
        let v = values[i]
        if v < l { l = v }
        if v > h { h = v }
        if !v.isFinite { finite = false }
        i += 1
    }
    return (l, h, finite && !l.isNaN && !h.isNaN)
}
