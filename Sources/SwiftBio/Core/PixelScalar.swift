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

    /// Vector lanes of the type's SIMD width; `v · 0` is NaN exactly for NaN
    /// and infinite values, so one running sum flags them.
    @inlinable
    public static func extrema(_ values: UnsafePointer<Self>, count: Int) -> (lo: Double, hi: Double, finite: Bool) {
        let width = Vector.scalarCount
        var lo = Vector(repeating: .infinity), hi = Vector(repeating: -.infinity), poison = Vector()
        var i = 0
        while i + width <= count {
            let v = loadVector(values + i)
            lo = pointwiseMin(lo, v)
            hi = pointwiseMax(hi, v)
            poison = poison.addingProduct(v, Vector())
            i += width
        }
        var l = lo.min(), h = hi.max(), finite = !poison.sum().isNaN
        while i < count {
            let v = values[i]
            if v < l { l = v }
            if v > h { h = v }
            if !v.isFinite { finite = false }
            i += 1
        }
        return (l.asDouble, h.asDouble, finite && !l.isNaN && !h.isNaN)
    }
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
}

extension Double: PixelScalar {
    public static var dtype: DType { .float64 }
    @inlinable public var asFloat: Float { Float(self) }
    @inlinable public var asDouble: Double { self }
}
