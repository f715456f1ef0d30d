/// A pixel waiting in the watershed's queue, ordered by (value, age).
protocol _FloodItem {
    init(value: Double, age: Int, index: Int, source: Int)
    var value: Double { get }
    var index: Int { get }
    /// The marker pixel whose flood reached this one.
    var source: Int { get }
    /// Strictly before `other`: lower value, or equal value and younger age.
    func precedes(_ other: Self) -> Bool
}

/// 16 bytes, for the plain flood: padded images under 2³² pixels, each
/// pixel queued at most once (so ages stay under 2³² too); no source.
struct _PixelItem: _FloodItem {
    let value: Double
    let age: UInt32, index32: UInt32

    @inline(__always) init(value: Double, age: Int, index: Int, source: Int) {
        self.value = value
        self.age = UInt32(truncatingIfNeeded: age)
        index32 = UInt32(truncatingIfNeeded: index)
    }

    @inline(__always) var index: Int { Int(index32) }
    @inline(__always) var source: Int { index }
    @inline(__always) func precedes(_ other: Self) -> Bool {
        value != other.value ? value < other.value : age < other.age
    }
}

/// 32 bytes: any size, with the source marker (compact watershed,
/// watershed lines).
struct _SourcedItem: _FloodItem {
    let value: Double
    let age: Int, index: Int, source: Int

    @inline(__always) init(value: Double, age: Int, index: Int, source: Int) {
        self.value = value
        self.age = age
        self.index = index
        self.source = source
    }

    @inline(__always) func precedes(_ other: Self) -> Bool {
        value != other.value ? value < other.value : age < other.age
    }
}

/// scikit-image's watershed queue, comparison for comparison: a binary
/// min-heap that sifts up while strictly before the parent and sifts down
/// to the left child unless the right is strictly before it. Markers all
/// enter with age 0, so equal markers leave in the order this exact heap
/// gives them; any other queue would break their ties differently.
///
/// Storage comes from the scratch pool and doubles when full; a failed
/// allocation throws. Sifting down prefetches the grandchildren, a heap of
/// millions of pixels (3D fronts) being far larger than the caches.
struct _FloodQueue<Item: _FloodItem>: ~Copyable {
    private var items: UnsafeMutablePointer<Item>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) throws {
        self.capacity = max(capacity, 16)
        items = try Self.allocate(self.capacity)
    }

    deinit { ScratchPool.shared.give(UnsafeMutableRawPointer(items), bytes: capacity * MemoryLayout<Item>.stride) }

    private static func allocate(_ capacity: Int) throws -> UnsafeMutablePointer<Item> {
        let (bytes, overflow) = capacity.multipliedReportingOverflow(by: MemoryLayout<Item>.stride)
        guard !overflow, let raw = ScratchPool.shared.take(bytes: bytes) else {
            throw EngineError.outOfMemory("watershed queue of \(capacity) entries")
        }
        return raw.bindMemory(to: Item.self, capacity: capacity)
    }

    /// The next item to leave, if any.
    @inline(__always) var first: Item? { count > 0 ? items[0] : nil }

    mutating func push(_ item: Item) throws {
        if count == capacity {
            let grown = try Self.allocate(2 * capacity)
            grown.moveInitialize(from: items, count: count)
            ScratchPool.shared.give(UnsafeMutableRawPointer(items), bytes: capacity * MemoryLayout<Item>.stride)
            items = grown
            capacity *= 2
        }
        var child = count
        count += 1
        while child > 0 {
            let parent = (child + 1) / 2 - 1
            guard item.precedes(items[parent]) else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = item
    }

    mutating func pop() -> Item? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        guard count > 0 else { return top }
        let last = items[count]
        var i = 0
        while true {
            let l = 2 * i + 1
            guard l < count else { break }
            prefetch(items + min(4 * i + 3, count))
            // The earlier child (the left one on a tie) moves up if it is strictly before `last`.
            let child = l + 1 < count && items[l + 1].precedes(items[l]) ? l + 1 : l
            guard items[child].precedes(last) else { break }
            items[i] = items[child]
            i = child
        }
        items[i] = last
        return top
    }
}
