/// The packed plain flood by value lists, for the ranks the heap leaves.
///
/// scikit-image's flood pops entries in (value, age) order, and a pushed
/// entry's value is at least the value of the entry that pushed it: the
/// queue only rises. So the pop order is simply sorted by value rank, then
/// age; ages grow with every push, so one first-in first-out list per rank
/// gives that order in O(1) per pixel. The one thing such lists cannot give
/// is how the binary heap orders markers of equal value (all age 0). Here
/// they leave in raster order instead, and the flood checks that this
/// choice cannot matter; where it could, it gives up.
///
/// The check. Two entries of equal value order by age, that is by the pop
/// order of the pixels that pushed them. Unfolding this, the order of two
/// entries depends on the markers' tie order only when their chains of
/// pushers have equal value ranks, generation by generation, back to two
/// equal-valued markers. Call such entries one class: a class's entries
/// leave together, so reordering them moves nothing else, and a different
/// tie order could change a label only where a pixel is claimed by one
/// entry while another entry of the same class, with another label, also
/// borders it. Every claimed pixel carries a tag of its claimant's class (a
/// hash of the chain's ranks and the markers' value, stored above the label
/// id in its word); an entry that finds a neighbour of another label tagged
/// with its own class gives up. The tag is 0 for markers, for pixels the
/// heap flooded (their order is exact) and for floods from markers whose
/// value no other label's marker shares. Equal tags of different classes
/// only cost a needless exact run.
extension _PackedFlood {
    /// Floods the entries in `lists` and every pixel they reach, from value
    /// rank `level`; returns nil when done, or the rank where the markers'
    /// ties could matter (then `log` holds the pixels flooded since `age`).
    func floodByLists(
        _ plan: _FloodPlan, lists: _RankLists, log: _FloodLog, from level: Int, age: inout Int, labelBits: UInt32
    ) -> Int? {
        let state = words.view.base, marker = _RankLists.marker
        let tagShift = UInt64(64) - UInt64(31 - labelBits), labelMask = (UInt32(1) << labelBits) &- 1
        let markerClasses = tiedMarkerClasses(labelMask: labelMask)
        @inline(__always) func tag(_ cls: UInt64) -> UInt32 {
            cls == 0 ? 0 : Swift.max(1, UInt32(truncatingIfNeeded: cls >> tagShift))
        }
        var level = level
        while let entry = lists.pop(from: &level) {
            let ahead = Int(lists.ahead(at: level) & ~marker)
            for offset in plan.nearbyRows { prefetch(state + (ahead + offset)) }
            let p = Int(entry & ~marker), word = state[p], label = word & labelMask
            let pushedBy = UInt64(word >> labelBits)
            let cls = entry & marker != 0 ? markerClasses[level] ?? 0 : pushedBy == 0 ? 0 : Self.classMix(UInt64(level), pushedBy)
            let own = tag(cls), claimed = label | own << labelBits
            for n in plan.neighbours {
                let j = p + n, w = state[j]
                if w & Self.free != 0 {
                    age += 1
                    state[j] = claimed
                    log.record(j, age: age, freeWord: w)
                    lists.append(UInt32(truncatingIfNeeded: j), rank: Swift.max(Int(w & ~Self.free), level))
                } else if own != 0 && w >> labelBits == own && w & labelMask != label {
                    return level
                }
            }
        }
        return nil
    }

    /// The class of the markers of each value rank another label's marker
    /// shares (the others have none).
    private func tiedMarkerClasses(labelMask: UInt32) -> [Int: UInt64] {
        var labelOfRank: [UInt64: UInt32] = [:], tied = Set<UInt64>()
        for (e, p) in markers.enumerated() {
            let rank = markerRanks[e], label = words.view.base[p] & labelMask
            if let seen = labelOfRank[rank] {
                if seen != label { tied.insert(rank) }
            } else {
                labelOfRank[rank] = label
            }
        }
        return Dictionary(uniqueKeysWithValues: tied.map { (Int($0), Self.classMix($0, 0x5EED)) })
    }

    /// The class of an entry of value rank `rank` pushed by one tagged
    /// `parent`: a well-mixed hash, never 0 (0 means no class).
    @inline(__always) static func classMix(_ rank: UInt64, _ parent: UInt64) -> UInt64 {
        var h = (rank &+ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9 ^ parent &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ h >> 32 | 1
    }
}

/// The neighbour offsets a flood visits, and the rows it prefetches.
struct _FloodPlan {
    let neighbours: [Int], nearbyRows: [Int]

    init(grid: _PaddedGrid, connectivity: Int) {
        neighbours = neighbourOffsets(rank: grid.image.rank, connectivity: connectivity, strides: grid.strides)
        nearbyRows = grid.rowOffsets(connectivity: connectivity)
    }
}

/// The pixels a flood reached, by age (1...), with the words they had
/// while free when the lists flooded them.
final class _FloodLog {
    private let pixels: UnsafeMutablePointer<UInt32>, freeWords: UnsafeMutablePointer<UInt32>
    private let count: Int

    init(pixels count: Int) throws {
        self.count = count + 1
        guard let raw = ScratchPool.shared.take(bytes: 2 * self.count * MemoryLayout<UInt32>.stride) else {
            throw EngineError.outOfMemory("watershed log of \(count) pixels")
        }
        pixels = raw.bindMemory(to: UInt32.self, capacity: 2 * self.count)
        freeWords = pixels + self.count
    }

    deinit { ScratchPool.shared.give(UnsafeMutableRawPointer(pixels), bytes: 2 * count * MemoryLayout<UInt32>.stride) }

    @inline(__always) func pixel(_ age: Int) -> UInt32 { pixels[age] }
    @inline(__always) func record(_ p: Int, age: Int) { pixels[age] = UInt32(truncatingIfNeeded: p) }
    @inline(__always) func record(_ p: Int, age: Int, freeWord: UInt32) {
        pixels[age] = UInt32(truncatingIfNeeded: p)
        freeWords[age] = freeWord
    }

    /// Gives the pixels of `ages`, which the lists flooded, their words back.
    func free(_ ages: Range<Int>, in state: UnsafeMutablePointer<UInt32>) {
        for age in ages { state[Int(pixels[age])] = freeWords[age] }
    }
}

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
