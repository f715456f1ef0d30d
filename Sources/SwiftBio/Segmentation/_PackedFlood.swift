/// The plain watershed (no compactness, no lines) on one `UInt32` per pixel
/// and 8-byte queue entries, when the image's values, its markers and its
/// free pixels are few enough to pack.
///
/// A pixel's word is its label's dense id (1...; the value lists add a tag
/// above it), 0 where no flood goes (padding, outside the mask), or `free`
/// plus the rank of its value (`_ValueRanks`) while no flood has reached
/// it; the plain flood reads a value only there. A heap entry packs rank,
/// age and marker id:
/// `rank << (ageBits + idBits) | age << idBits | id`. Entries compare
/// without the id bits, so they order exactly as (value, age) did and the
/// markers still tie. An entry of age > 0 finds its pixel through the
/// pixel queued at that age (`_FloodLog`); a marker (age 0) through its id.
/// Most of the flood skips the heap (`run`).
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
    let words: ImageBuffer<UInt32>
    /// Marker pixels (padded indices) in raster order, and their ranks.
    private(set) var markers: [Int] = [], markerRanks: [UInt64] = []
    /// Label of each dense id; id 0 is no label.
    private let labelOfID: [Int32]
    private(set) var freeCount = 0
    let idBits: Int, ageBits: Int, rankBits: Int
    /// Number of distinct values.
    let rankCount: Int

    /// Nil when the image does not pack (then the 16-byte queue floods it).
    init?(_ image: ImageView<Double>, labels: ImageView<Int32>, mask: ImageView<Bool>?, grid: _PaddedGrid) throws {
        guard grid.shape.count < Int(UInt32.max) else { return nil }
        var limit = Self.rankLimit
        if image.shape.count > 1 << 20 {
            guard !_ValueRanks.mostlyDistinct(image, mask: mask, size: Self.sampleSize) else { return nil }
            limit = Self.largeRankLimit
        }
        guard let ranks = _ValueRanks.of(image, mask: mask, limit: limit) else { return nil }
        (self.grid, rankCount) = (grid, ranks.count)
        words = try ImageBuffer<UInt32>(shape: grid.shape)
        var markerLabels: [Int32] = []
        for chunk in Self.fill(words.view, grid: grid, image: image, labels: labels, mask: mask, ranks: ranks)
            .sorted(by: { $0.start < $1.start }) {
            markers += chunk.markers
            markerRanks += chunk.ranks
            markerLabels += chunk.labels
            freeCount += chunk.free
        }
        let sortedLabels = Set(markerLabels).sorted()
        guard sortedLabels.count < Int(Self.free) else { return nil }
        labelOfID = [0] + sortedLabels
        for (p, label) in zip(markers, markerLabels) {
            words.view.base[p] = UInt32(Self.id(of: label, in: sortedLabels))
        }
        idBits = Self.bits(markers.count - 1)
        ageBits = Self.bits(freeCount)
        rankBits = Self.bits(ranks.count - 1)
        guard idBits + ageBits + rankBits <= 64 else { return nil }
    }

    /// Fewest tag bits (`floodByLists`) that keep needless give-ups rare.
    static let minimumTagBits = 16

    /// Bits of a word that hold a label id.
    var labelBits: Int { Self.bits(labelOfID.count - 1) }

    /// The marker ids of each value rank whose markers carry two labels or
    /// more: where the heap's tie order may decide a label.
    func tiedMarkers() -> [UInt64: [Int]] {
        var idsOfRank: [UInt64: [Int]] = [:]
        for id in markers.indices { idsOfRank[markerRanks[id], default: []].append(id) }
        let state = words.view.base
        return idsOfRank.filter { _, ids in ids.contains { state[markers[$0]] != state[markers[ids[0]]] } }
    }

    static func bits(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }

    /// What one chunk of rows found: its marker pixels in raster order, their
    /// ranks and labels, and its number of free pixels.
    private struct Chunk {
        let start: Int
        var markers: [Int] = [], ranks: [UInt64] = [], labels: [Int32] = [], free = 0
    }

    /// Fills the words of the padded image, rows in parallel, but for the
    /// markers' words (their label ids are known once all chunks are in).
    private static func fill(
        _ words: MutableImageView<UInt32>, grid: _PaddedGrid, image: ImageView<Double>, labels: ImageView<Int32>,
        mask: ImageView<Bool>?, ranks: _ValueRanks
    ) -> [Chunk] {
        let width = grid.image.width, padded = grid.shape.width
        let found = SharedAccumulator<[Chunk]>([])
        Parallel.forEachChunk(of: grid.shape.rowCount, workPerItem: padded) { rows in
            var chunk = Chunk(start: rows.lowerBound)
            // Runs of one value (plateaus) look their rank up once.
            var lastValue = Double.nan, lastRank: UInt32 = 0
            @inline(__always) func rank(_ value: Double) -> UInt32 {
                if value != lastValue { (lastValue, lastRank) = (value, ranks.rank(of: value)) }
                return lastRank
            }
            for pr in rows {
                let out = words.row(pr)
                guard let r = grid.imageRow(ofPaddedRow: pr) else { out.update(repeating: 0, count: padded); continue }
                if mask != nil { out.update(repeating: 0, count: padded) } else { out[0] = 0; out[padded - 1] = 0 }
                let v = image.base + r * width, l = labels.base + r * width
                forEachSet(in: mask.map { $0.base + r * width }, 0..<width) { x in
                    if l[x] != 0 {
                        chunk.markers.append(pr * padded + x + 1)
                        chunk.ranks.append(UInt64(rank(v[x])))
                        chunk.labels.append(l[x])
                    } else {
                        out[x + 1] = Self.free | rank(v[x])
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
    ///
    /// Entries below a level, and the markers at it, leave through
    /// scikit-image's heap; then the heap's entries move, in order, to value
    /// lists (`floodByLists`), which flood the rest unless the markers' ties
    /// could matter. The level starts at the highest plateau where two
    /// labels' markers race (`highestPlateauTie`), if any. Where the lists
    /// give up, the pixels they flooded are freed again and the heap goes on
    /// through that rank's markers, then hands over again. Once the give-ups
    /// have wasted more work than one whole flood, or with too many labels to
    /// tag, the heap floods to the end.
    func run(connectivity: Int) throws {
        let plan = _FloodPlan(grid: grid, connectivity: connectivity)
        let state = words.view.base, entries = _PackedEntries(self)
        let log = try _FloodLog(pixels: freeCount)
        var heap = try _FloodQueue(capacity: markers.count + markers.count / 2 + 1024, order: _PackedOrder(shift: entries.ageShift))
        for id in markers.indices { try heap.push(entries.marker(id, rank: markerRanks[id])) }
        let taggable = 31 - labelBits >= Self.minimumTagBits && grid.shape.count <= Int(_RankLists.marker)
        let tied = taggable ? tiedMarkers() : [:], classes = Self.markerClasses(tied)
        var exactThrough = taggable ? highestPlateauTie(plan, tied: tied, budget: freeCount / 4) : Int.max
        let lists = taggable ? try _RankLists(ranks: rankCount, entries: markers.count + freeCount) : nil
        var age = 0, undone = 0
        while true {
            try floodByHeap(plan, heap: &heap, through: exactThrough, age: &age, log: log)
            guard exactThrough != Int.max, let lists else { return }
            lists.removeAll()
            for item in radixSorted(heap.unorderedItems, bits: idBits + ageBits + rankBits) {
                let age = entries.age(item)
                let entry = age == 0 ? UInt32(markers[entries.id(item)]) | _RankLists.marker : log.pixel(age)
                lists.append(entry, rank: entries.rank(item))
            }
            let handedOver = age
            guard let givenUp = floodByLists(plan, lists: lists, log: log, markerClasses: classes,
                                             from: Swift.max(exactThrough, 0), age: &age) else { return }
            log.free(handedOver + 1 ..< age + 1, in: state)
            // Waste: the lists' pixels, and the handover's sort and reset.
            undone += age - handedOver + heap.count + rankCount / 8
            age = handedOver
            exactThrough = undone > freeCount ? Int.max : givenUp
        }
    }

    /// Pops every entry of rank below `level`, and the markers of rank
    /// `level`, through scikit-image's heap; `age` is the last age given.
    private func floodByHeap(
        _ plan: _FloodPlan, heap: inout _FloodQueue<_PackedOrder>, through level: Int, age: inout Int, log: _FloodLog
    ) throws {
        let state = words.view.base, entries = _PackedEntries(self)
        @inline(__always) func pixel(_ item: UInt64) -> Int {
            let age = entries.age(item)
            return age == 0 ? markers[entries.id(item)] : Int(log.pixel(age))
        }
        let all = level == .max, stop = level < 0 || all ? 0 : entries.pushed(age: 1, rank: level)
        while let first = heap.first, all || first < stop {
            _ = heap.pop()
            if let next = heap.first {
                let q = pixel(next)
                for offset in plan.nearbyRows { prefetch(state + (q + offset)) }
            }
            let p = pixel(first), label = state[p], rank = entries.rank(first)
            for n in plan.neighbours {
                let j = p + n, word = state[j]
                guard word & Self.free != 0 else { continue }
                age += 1
                state[j] = label
                log.record(j, age: age)
                try heap.push(entries.pushed(age: age, rank: Swift.max(Int(word & ~Self.free), rank)))
            }
        }
    }

    /// Copies the flooded labels back (unreached and outside pixels become 0).
    func store(into labels: MutableImageView<Int32>) {
        let width = grid.image.width, words = words.view.readOnly, grid = grid, labelOfID = labelOfID
        // The value lists leave a class tag above the label id.
        let idMask = (UInt32(1) << UInt32(labelBits)) &- 1
        Parallel.forEachChunk(of: grid.image.rowCount, workPerItem: width) { rows in
            for r in rows {
                let w = words.base + grid.paddedRow(r), l = labels.row(r)
                for x in 0..<width { l[x] = w[x] & Self.free != 0 ? 0 : labelOfID[Int(w[x] & idMask)] }
            }
        }
    }
}

/// The layout of a packed queue entry:
/// `rank << (ageBits + idBits) | age << idBits | id`.
struct _PackedEntries {
    let ageShift: UInt64, rankShift: UInt64, idMask: UInt64, ageMask: UInt64

    init(_ flood: _PackedFlood) {
        ageShift = UInt64(flood.idBits)
        rankShift = UInt64(flood.idBits + flood.ageBits)
        idMask = (UInt64(1) << ageShift) &- 1
        ageMask = (UInt64(1) << UInt64(flood.ageBits)) &- 1
    }

    @inline(__always) func marker(_ id: Int, rank: UInt64) -> UInt64 { rank << rankShift | UInt64(id) }
    @inline(__always) func pushed(age: Int, rank: Int) -> UInt64 { UInt64(rank) << rankShift | UInt64(age) << ageShift }
    @inline(__always) func rank(_ item: UInt64) -> Int { Int(truncatingIfNeeded: item >> rankShift) }
    @inline(__always) func age(_ item: UInt64) -> Int { Int(truncatingIfNeeded: (item >> ageShift) & ageMask) }
    @inline(__always) func id(_ item: UInt64) -> Int { Int(truncatingIfNeeded: item & idMask) }
}

/// Packed entries compare without their low `shift` (marker id) bits.
struct _PackedOrder: _FloodOrder {
    let shift: UInt64
    @inline(__always) func precedes(_ a: UInt64, _ b: UInt64) -> Bool { a >> shift < b >> shift }
    var sentinel: UInt64 { .max }
}
