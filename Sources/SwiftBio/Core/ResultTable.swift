/// Results of a kernel whose sizes are known only once it has run (one
/// row per region, per overlapping pair, ...): named groups of row-major
/// `rows × width` doubles, handed through the C ABI as an opaque object.
public final class ResultTable: @unchecked Sendable {
    @usableFromInline var groups: [Int32: (width: Int, values: [Double])] = [:]

    @inlinable public init() {}

    @inlinable
    public func set(_ group: Int32, width: Int, _ values: [Double]) {
        precondition(width > 0 && values.count % width == 0)
        groups[group] = (width, values)
    }

    /// The group's width and values, nil when it was not computed.
    public func group(_ group: Int32) -> (width: Int, values: [Double])? { groups[group] }
}
