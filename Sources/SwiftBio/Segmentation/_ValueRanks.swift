/// Dense ranks of the distinct values of an image, inside a mask: 0 for the
/// lowest, equal values equal ranks (-0 and +0 are one value). A queue that
/// compares ranks orders pixels exactly as one that compares the values,
/// and a rank fits in far fewer bits than a `Double`.
///
/// An open-addressing hash set of the values' bit patterns, grown by
/// doubling; runs of one value (plateaus) cost one probe.
final class _ValueRanks {
    /// Marks an empty slot: a NaN pattern, never a finite value's.
    private static let empty = UInt64.max
    private var keys: UnsafeMutablePointer<UInt64>
    private var ranks: UnsafeMutablePointer<UInt32>
    private var slots: Int
    private var shift: UInt64
    /// Number of distinct values.
    private(set) var count = 0

    private init() {
        slots = 1 << 10
        shift = UInt64(64 - 10)
        keys = .allocate(capacity: slots)
        keys.initialize(repeating: Self.empty, count: slots)
        ranks = .allocate(capacity: 1)
    }

    /// True when most of a sample of up to `size` pixels in `mask`, taken at
    /// a fixed stride, differ: an image of mostly distinct values, whose
    /// full set would be built in vain.
    static func mostlyDistinct(_ image: ImageView<Double>, mask: ImageView<Bool>?, size: Int) -> Bool {
        let sample = _ValueRanks()
        let step = max(1, image.shape.count / size)
        var taken = 0
        for i in stride(from: 0, to: image.shape.count, by: step) where mask?.base[i] ?? true {
            _ = sample.insert(key(image.base[i]))
            taken += 1
        }
        return 2 * sample.count > taken
    }

    /// Nil when the image has more than `limit` distinct values in `mask`
    /// (nil: everywhere). Values must be finite. Rows are collected in
    /// parallel, one set per chunk, then merged.
    static func of(_ image: ImageView<Double>, mask: ImageView<Bool>?, limit: Int) -> _ValueRanks? {
        let width = image.shape.width
        let parts = SharedAccumulator<[_ValueRanks?]>([])
        Parallel.forEachChunk(of: image.shape.rowCount, workPerItem: width) { rows in
            let part = _ValueRanks()
            var previous = Self.empty, fits = true
            forEachSet(in: mask?.base, rows.lowerBound * width ..< rows.upperBound * width) { i in
                let key = Self.key(image.base[i])
                guard fits && key != previous else { return }
                previous = key
                if part.insert(key) && part.count > limit { fits = false }
            }
            parts.merge { $0.append(fits ? part : nil) }
        }
        guard let first = parts.value.first ?? _ValueRanks() else { return nil }
        for part in parts.value.dropFirst() {
            guard let part else { return nil }
            for s in 0..<part.slots where part.keys[s] != Self.empty {
                if first.insert(part.keys[s]) && first.count > limit { return nil }
            }
        }
        first.assignRanks()
        return first
    }

    deinit {
        keys.deallocate()
        ranks.deallocate()
    }

    /// Rank of `value`, which must be one of the image's values in the mask.
    @inline(__always) func rank(of value: Double) -> UInt32 {
        ranks[slot(of: Self.key(value))]
    }

    @inline(__always) private static func key(_ value: Double) -> UInt64 { (value + 0.0).bitPattern }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always) private func slot(of key: UInt64) -> Int {
        var s = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[s] != key && keys[s] != Self.empty { s = (s + 1) & (slots - 1) }
        return s
    }

    /// Adds `key`; false if it was there already.
    private func insert(_ key: UInt64) -> Bool {
        let s = slot(of: key)
        guard keys[s] == Self.empty else { return false }
        keys[s] = key
        count += 1
        if 2 * count > slots { grow() }
        return true
    }

    private func grow() {
        let old = keys, oldSlots = slots
        slots *= 2
        shift -= 1
        keys = .allocate(capacity: slots)
        keys.initialize(repeating: Self.empty, count: slots)
        for s in 0..<oldSlots where old[s] != Self.empty { keys[slot(of: old[s])] = old[s] }
        old.deallocate()
    }

    private func assignRanks() {
        var used = (0..<slots).filter { keys[$0] != Self.empty }
        used.sort { Double(bitPattern: keys[$0]) < Double(bitPattern: keys[$1]) }
        ranks.deallocate()
        ranks = .allocate(capacity: slots)
        for (rank, s) in used.enumerated() { ranks[s] = UInt32(rank) }
    }
}
