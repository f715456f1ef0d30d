import Synchronization

/// A mutex for short critical sections in kernels (merging per-thread results).
public final class Lock: Sendable {
    private let mutex = Mutex<Void>(())
    public init() {}
    @inlinable public func locked<R>(_ body: () throws -> R) rethrows -> R {
        try _withLock(body)
    }
    @usableFromInline func _withLock<R>(_ body: () throws -> R) rethrows -> R {
        try mutex.withLock { _ in try body() }
    }
}
