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
}

extension Bool: PixelScalar {
    public static var dtype: DType { .bool }
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
