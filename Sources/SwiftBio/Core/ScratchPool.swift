#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Large scratch blocks kept for the next call instead of being returned
/// to the system.
///
/// Fresh memory is expensive here: every first touch of a page faults and
/// the kernel zeroes it. On a 64×512×512 float32 Gaussian the 17-plane ring
/// cost 16 ms of page zeroing per call (18% of the call). Blocks of 4 MiB
/// and more are aligned to 2 MiB and marked for transparent huge pages (as
/// numpy does); at most `capacity` bytes are kept, the most recent first.
public final class ScratchPool: Sendable {
    public static let shared = ScratchPool(capacity: 256 << 20)

    private struct Block { let address: UInt; let bytes: Int }
    private let blocks = Mutex<[Block]>([])
    private let capacity: Int
    private static let largeBlock = 4 << 20

    init(capacity: Int) { self.capacity = capacity }

    /// `bytes` of memory (for `give`), or nil if the system has none.
    func take(bytes: Int) -> UnsafeMutableRawPointer? {
        let size = max(bytes, 1)
        if size >= Self.largeBlock {
            let reused: UInt? = blocks.withLock { blocks in
                // The smallest kept block that fits, if it wastes under half.
                guard let i = blocks.indices.filter({ blocks[$0].bytes >= size && blocks[$0].bytes <= 2 * size })
                    .min(by: { blocks[$0].bytes < blocks[$1].bytes }) else { return nil }
                return blocks.remove(at: i).address
            }
            if let reused { return UnsafeMutableRawPointer(bitPattern: reused) }
            var raw: UnsafeMutableRawPointer? = nil
            guard posix_memalign(&raw, 2 << 20, size) == 0, let raw else { return nil }
            #if os(Linux)
            _ = madvise(raw, size, 14)  // MADV_HUGEPAGE
            #endif
            return raw
        }
        return malloc(size)
    }

    /// Returns memory from `take`; keeps large blocks while under capacity.
    func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let size = max(bytes, 1)
        guard size >= Self.largeBlock else { free(pointer); return }
        let evicted: [UInt] = blocks.withLock { blocks in
            blocks.append(Block(address: UInt(bitPattern: pointer), bytes: size))
            var evicted: [UInt] = []
            while blocks.map(\.bytes).reduce(0, +) > capacity {
                evicted.append(blocks.removeFirst().address)
            }
            return evicted
        }
        for address in evicted { free(UnsafeMutableRawPointer(bitPattern: address)) }
    }

    /// Frees every kept block.
    public func drain() {
        let all = blocks.withLock { blocks in
            defer { blocks.removeAll() }
            return blocks.map(\.address)
        }
        for address in all { free(UnsafeMutableRawPointer(bitPattern: address)) }
    }
}
