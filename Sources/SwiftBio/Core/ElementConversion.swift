/// A conversion of one element type to another, as a type: generic code
/// over it specialises per conversion (a closure would stay an indirect call).
public protocol ElementConversion {
    associatedtype Source
    associatedtype Target
    func callAsFunction(_ value: Source) -> Target
}

/// A pixel to a kernel's floating-point working precision.
public struct ConvertToFilterScalar<Source: PixelScalar, Target: FilterScalar>: ElementConversion {
    @inlinable public init() {}
    @inlinable public func callAsFunction(_ value: Source) -> Target { Target.convert(value) }
}

/// No conversion.
public struct IdentityConversion<Source>: ElementConversion {
    @inlinable public init() {}
    @inlinable public func callAsFunction(_ value: Source) -> Source { value }
}
