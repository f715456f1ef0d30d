/// One first-in first-out list of pixels per value rank, each a chain of
/// blocks: entries, then the next block's first slot. Pops and pushes walk
/// their blocks in order, emptied blocks are reused, and a pop can see the
/// entries a few pops ahead, to prefetch around them: waiting for their
/// rows was most of a 3D flood's time.
///
/// Blocks hold 255 entries, fewer when there are so many ranks that a
/// block per rank would outgrow the entries themselves.
final class _RankLists {
    /// Set in a marker's entry (the pixels are below it).
    static let marker: UInt32 = 1 << 31
    private static let none = UInt32.max
    /// Per rank: the slot of the next entry to pop, and of the next to push.
    private let head: UnsafeMutablePointer<UInt32>, tail: UnsafeMutablePointer<UInt32>
    private let blocks: UnsafeMutablePointer<UInt32>
    private let ranks: Int, blockCount: Int, blockSize: Int, lookahead: Int
    private var unused = 0, reusable = none

    /// Room for `entries` entries in all.
    init(ranks: Int, entries: Int) throws {
        self.ranks = ranks
        var size = 256
        while size > 16 && ranks * size > 2 * entries + (1 << 20) { size /= 2 }
        (blockSize, lookahead) = (size, Swift.min(24, size / 2))
        blockCount = entries / (size - 1) + ranks + 1
        let (words, overflow) = blockCount.multipliedReportingOverflow(by: size)
        guard !overflow, words < Int(Self.none),
              let raw = ScratchPool.shared.take(bytes: (2 * ranks + words) * MemoryLayout<UInt32>.stride) else {
            throw EngineError.outOfMemory("watershed lists of \(entries) pixels")
        }
        head = raw.bindMemory(to: UInt32.self, capacity: 2 * ranks + words)
        tail = head + ranks
        blocks = tail + ranks
        removeAll()
    }

    deinit {
        let words = 2 * ranks + blockCount * blockSize
        ScratchPool.shared.give(UnsafeMutableRawPointer(head), bytes: words * MemoryLayout<UInt32>.stride)
    }

    /// Empties every list.
    func removeAll() {
        head.update(repeating: Self.none, count: ranks)
        unused = 0
        reusable = Self.none
    }

    /// The slot holding the next block's first slot, in the block of `slot`.
    @inline(__always) private func linkSlot(_ slot: Int) -> Int { slot | (blockSize - 1) }

    /// The first slot of a free block.
    @inline(__always) private func takeBlock() -> UInt32 {
        if reusable != Self.none {
            let b = reusable
            reusable = blocks[linkSlot(Int(b))]
            return b
        }
        unused += 1
        return UInt32(truncatingIfNeeded: (unused - 1) * blockSize)
    }

    @inline(__always) func append(_ entry: UInt32, rank: Int) {
        var t = tail[rank]
        if head[rank] == Self.none {
            t = takeBlock()
            head[rank] = t
        } else if Int(t) == linkSlot(Int(t)) {
            let b = takeBlock()
            blocks[Int(t)] = b
            t = b
        }
        blocks[Int(t)] = entry
        tail[rank] = t + 1
    }

    /// Removes the first entry of the lowest non-empty list at or above
    /// `level` (which rises to it); nil when all are empty.
    @inline(__always) func pop(from level: inout Int) -> UInt32? {
        while level < ranks && (head[level] == Self.none || head[level] == tail[level]) { level += 1 }
        guard level < ranks else { return nil }
        var h = Int(head[level])
        if h == linkSlot(h) {
            h = Int(blocks[h])
            blocks[linkSlot(Int(head[level]))] = reusable
            reusable = UInt32(truncatingIfNeeded: Int(head[level]) & ~(blockSize - 1))
        }
        head[level] = UInt32(truncatingIfNeeded: h + 1)
        return blocks[h]
    }

    /// An entry of list `level` up to `lookahead` entries ahead of the next
    /// pop, in the same block: it may be stale (past the list's end), never
    /// outside the blocks.
    @inline(__always) func ahead(at level: Int) -> UInt32 {
        let h = Int(head[level])
        return blocks[Swift.min(h + lookahead, linkSlot(h) - 1)]
    }
}
