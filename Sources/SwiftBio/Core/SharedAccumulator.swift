/// A value worker threads merge their partial results into (histograms,
/// extrema, sums): each worker computes privately, then merges once.
public final class SharedAccumulator<Value>: @unchecked Sendable {
    @usableFromInline var value: Value
    @usableFromInline let lock = Lock()

    @inlinable public init(_ value: Value) { self.value = value }

    /// Merges under the lock.
    @inlinable public func merge(_ body: (inout Value) -> Void) {
        lock.locked { body(&value) }
    }

    @inlinable public var result: Value { lock.locked { value } }
}
