import Synchronization

/// A mutex for small critical sections.
final class _Lock: Sendable {
    private let mutex = Mutex<Void>(())
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        try mutex.withLock { _ in try body() }
    }
}
