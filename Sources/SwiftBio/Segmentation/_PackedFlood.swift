/// The plain watershed (no compactness, no lines) on one `UInt32` per pixel
/// and 8-byte queue entries, when the image's values, its markers and its
/// free pixels are few enough to pack.
///
/// A pixel's word is its label's dense id (1...), 0 where no flood goes
/// (padding, outside the mask), or `free` plus the rank of its value
/// (`_ValueRanks`) while no flood has reached it; the plain flood reads a
/// value only there. A queue entry packs rank, age and marker id:
/// `rank << (ageBits + idBits) | age << idBits | id`. Entries compare
/// without the id bits, so they order exactly as (value, age) did and the
/// markers still tie. An entry of age > 0 finds its pixel through the
/// pixel queued at that age; a marker (age 0) through its id.
///
/// Four bytes per pixel and half-size entries keep the flood's scattered
/// reads in cache, where a `Double` image, an `Int32` state and 16-byte
/// entries did not.
struct _PackedFlood {
    static let free: UInt32 = 1 << 31
    /// Most distinct values worth ranking: beyond, the hash set outgrows the
    /// caches. Past a million pixels, a sample decides first: an image whose
    /// sampled values are mostly distinct goes to the 16-byte queue at once;
    /// otherwise up to 2²¹ values are ranked (a Sobel gradient of 2048² with
    /// 272k values: 620 ms packed against 700 ms; ranking an all-distinct
    /// image up to that limit in vain cost 160 ms).
    static let rankLimit = 1 << 18, largeRankLimit = 1 << 21, sampleSize = 1 << 16

    let grid: _PaddedGrid
    private let words: ImageBuffer<UInt32>
    /// Marker pixels (padded indices) in raster order, and their ranks.
    private var markers: [Int] = [], markerRanks: [UInt64] = []
    /// Label of each dense id; id 0 is no label.
    private let labelOfID: [Int32]
    private var freeCount = 0
    private let idBits: Int, ageBits: Int, rankBits: Int

    /// Nil when the image does not pack (then the 16-byte queue floods it).
    init?(_ image: ImageView<Double>, labels: ImageView<Int32>, mask: ImageView<Bool>?, grid: _PaddedGrid) throws {
        guard grid.shape.count < Int(UInt32.max) else { return nil }
        var limit = Self.rankLimit
        if image.shape.count > 1 << 20 {
            guard !_ValueRanks.mostlyDistinct(image, mask: mask, size: Self.sampleSize) else { return nil }
            limit = Self.largeRankLimit
        }
        guard let ranks = _ValueRanks.of(image, mask: mask, limit: limit) else { return nil }
        var labelSet = Set<Int32>(), previous: Int32 = 0
        for i in 0..<labels.shape.count where labels.base[i] != 0 && labels.base[i] != previous && mask?.base[i] ?? true {
            previous = labels.base[i]
            labelSet.insert(previous)
        }
        let sortedLabels = labelSet.sorted()
        guard sortedLabels.count < Int(Self.free) else { return nil }
        labelOfID = [0] + sortedLabels
        self.grid = grid
        words = try ImageBuffer<UInt32>(shape: grid.shape)
        let chunks = Self.fill(words.view, grid: grid, image: image, labels: labels, mask: mask,
                               ranks: ranks, sortedLabels: sortedLabels)
        for chunk in chunks.sorted(by: { $0.start < $1.start }) {
            markers += chunk.markers
            markerRanks += chunk.ranks
            freeCount += chunk.free
        }
        idBits = Self.bits(markers.count - 1)
        ageBits = Self.bits(freeCount)
        rankBits = Self.bits(ranks.count - 1)
        guard idBits + ageBits + rankBits <= 64 else { return nil }
    }

    /// Bits needed to hold `n` (0 for n <= 0).
    private static func bits(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }

    /// What one chunk of rows found: its marker pixels in raster order, their
    /// ranks, and its number of free pixels.
    private struct Chunk {
        let start: Int
        var markers: [Int] = [], ranks: [UInt64] = [], free = 0
    }

    /// Fills the words of the padded image, rows in parallel.
    private static func fill(
        _ words: MutableImageView<UInt32>, grid: _PaddedGrid, image: ImageView<Double>, labels: ImageView<Int32>,
        mask: ImageView<Bool>?, ranks: _ValueRanks, sortedLabels: [Int32]
    ) -> [Chunk] {
        let width = grid.image.width, padded = grid.shape.width
        let found = SharedAccumulator<[Chunk]>([])
        Parallel.forEachChunk(of: grid.shape.rowCount, workPerItem: padded) { rows in
            var chunk = Chunk(start: rows.lowerBound)
            for pr in rows {
                let out = words.row(pr)
                guard let r = grid.imageRow(ofPaddedRow: pr) else { out.update(repeating: 0, count: padded); continue }
                out[0] = 0
                out[padded - 1] = 0
                let v = image.base + r * width, l = labels.base + r * width
                let m = mask.map { $0.base + r * width }
                for x in 0..<width {
                    if let m, !m[x] {
                        out[x + 1] = 0
                    } else if l[x] != 0 {
                        out[x + 1] = UInt32(Self.id(of: l[x], in: sortedLabels))
                        chunk.markers.append(pr * padded + x + 1)
                        chunk.ranks.append(UInt64(ranks.rank(of: v[x])))
                    } else {
                        out[x + 1] = Self.free | ranks.rank(of: v[x])
                        chunk.free += 1
                    }
                }
            }
            found.merge { $0.append(chunk) }
        }
        return found.value
    }

    /// Dense id (1...) of `label` in the sorted distinct labels.
    private static func id(of label: Int32, in sorted: [Int32]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < label { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }

    /// Floods every free pixel a marker reaches, in scikit-image's order.
    func run(connectivity: Int) throws {
        let state = words.view.base
        let neighbours = neighbourOffsets(rank: grid.image.rank, connectivity: connectivity, strides: grid.strides)
        let nearbyRows = grid.rowOffsets(connectivity: connectivity)
        let ageShift = UInt64(idBits), rankShift = UInt64(idBits + ageBits)
        let idMask = (UInt64(1) << ageShift) &- 1, ageMask = (UInt64(1) << UInt64(ageBits)) &- 1
        // The pixel queued at each age.
        let bytes = (freeCount + 1) * MemoryLayout<UInt32>.stride
        guard let raw = ScratchPool.shared.take(bytes: bytes) else {
            throw EngineError.outOfMemory("watershed list of \(freeCount) pixels")
        }
        defer { ScratchPool.shared.give(raw, bytes: bytes) }
        let queued = raw.bindMemory(to: UInt32.self, capacity: freeCount + 1)
        var queue = try _FloodQueue(capacity: markers.count + markers.count / 2 + 1024, order: _PackedOrder(shift: ageShift))
        for id in markers.indices { try queue.push(markerRanks[id] << rankShift | UInt64(id)) }
        @inline(__always) func pixel(_ entry: UInt64) -> Int {
            let age = Int(truncatingIfNeeded: (entry >> ageShift) & ageMask)
            return age == 0 ? markers[Int(truncatingIfNeeded: entry & idMask)] : Int(queued[age])
        }
        var age: UInt64 = 0
        while let entry = queue.pop() {
            if let next = queue.first {
                let q = pixel(next)
                for offset in nearbyRows { prefetch(state + (q + offset)) }
            }
            let p = pixel(entry), label = state[p], rank = entry >> rankShift
            for n in neighbours {
                let j = p + n, word = state[j]
                guard word & Self.free != 0 else { continue }
                age += 1
                state[j] = label
                queued[Int(age)] = UInt32(truncatingIfNeeded: j)
                try queue.push(Swift.max(UInt64(word & ~Self.free), rank) << rankShift | age << ageShift)
            }
        }
    }

    /// Copies the flooded labels back (unreached and outside pixels become 0).
    func store(into labels: MutableImageView<Int32>) {
        let width = grid.image.width, words = words.view.readOnly, grid = grid, labelOfID = labelOfID
        Parallel.forEachChunk(of: grid.image.rowCount, workPerItem: width) { rows in
            for r in rows {
                let w = words.base + grid.paddedRow(r), l = labels.row(r)
                for x in 0..<width { l[x] = w[x] & Self.free != 0 ? 0 : labelOfID[Int(w[x])] }
            }
        }
    }
}

/// Packed entries compare without their low `shift` (marker id) bits.
struct _PackedOrder: _FloodOrder {
    let shift: UInt64
    @inline(__always) func precedes(_ a: UInt64, _ b: UInt64) -> Bool { a >> shift < b >> shift }
    var sentinel: UInt64 { .max }
}
