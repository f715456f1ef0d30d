import Dispatch
import Synchronization

/// The engine's one way to use several cores: split a range of independent
/// work items (rows, planes) into contiguous chunks, one per thread.
///
/// Kernels stay serial and readable; they receive a `Range<Int>` of items.
public enum Parallel {
    private static let requestedThreads = Atomic<Int>(0)

    /// Number of CPUs the system reported at first use (asking again on
    /// every call read a sysfs file: 7 µs of an 8 µs call on a 1×1 image).
    public static let coreCount: Int = max(1, activeProcessorCount())

    /// Threads a kernel may use: `coreCount` unless set. Setting 0 or less
    /// restores the default.
    public static var threadCount: Int {
        get {
            let n = requestedThreads.load(ordering: .relaxed)
            return n > 0 ? n : coreCount
        }
        set { requestedThreads.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Work below this many element-operations runs on the calling thread:
    /// waking workers costs more than it saves.
    public static let minimumParallelWork = 1 << 15

    /// Calls `body` on disjoint chunks covering `0 ..< count`, on up to
    /// `threadCount` threads, and returns when all have finished.
    /// `workPerItem` estimates element-operations per item, to keep small
    /// jobs on one thread.
    @inlinable
    public static func forEachChunk(
        of count: Int, workPerItem: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let threads = Swift.min(threadCount, count)
        let (work, overflow) = count.multipliedReportingOverflow(by: Swift.max(workPerItem, 1))
        if threads <= 1 || (!overflow && work < minimumParallelWork) {
            body(0 ..< count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let lo = count * t / threads
                let hi = count * (t + 1) / threads
                if lo < hi { shared.value(lo ..< hi) }
            }
        }
    }
}

/// Carries a value the caller guarantees is used safely across threads
/// (here: a kernel closure that writes disjoint rows).
@usableFromInline
struct UncheckedSendable<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
import Glibc
private func activeProcessorCount() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#elseif canImport(Darwin)
import Darwin
private func activeProcessorCount() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
