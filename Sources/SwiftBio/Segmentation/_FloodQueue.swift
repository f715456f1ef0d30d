/// How a watershed queue orders its entries: strictly before means lower
/// value, or equal value and younger age. Entries that tie (markers of
/// equal value, all of age 0) leave in the order the heap's layout gives.
protocol _FloodOrder {
    associatedtype Item
    func precedes(_ a: Item, _ b: Item) -> Bool
    /// An entry no real entry follows: it pads the heap's end.
    var sentinel: Item { get }
}

/// A pixel waiting in the watershed's queue, ordered by (value, age).
protocol _FloodItem {
    init(value: Double, age: Int, index: Int, source: Int)
    var value: Double { get }
    var index: Int { get }
    /// The marker pixel whose flood reached this one.
    var source: Int { get }
    /// Strictly before `other`: lower value, or equal value and younger age.
    func precedes(_ other: Self) -> Bool
    static var sentinel: Self { get }
}

/// The order an item type defines itself.
struct _ItemOrder<Item: _FloodItem>: _FloodOrder {
    @inline(__always) func precedes(_ a: Item, _ b: Item) -> Bool { a.precedes(b) }
    @inline(__always) var sentinel: Item { Item.sentinel }
}

/// 16 bytes, for the plain flood: padded images under 2³² pixels, each
/// pixel queued at most once (so ages stay under 2³² too); no source.
///
/// The value is kept as its order-preserving bit pattern (`orderedKey`):
/// two integer comparisons where two `Double` comparisons (with their NaN
/// checks) ran 1.8× slower through the heap.
struct _PixelItem: _FloodItem {
    let key: UInt64
    let age: UInt32, index32: UInt32

    @inline(__always) init(value: Double, age: Int, index: Int, source: Int) {
        key = orderedKey(value)
        self.age = UInt32(truncatingIfNeeded: age)
        index32 = UInt32(truncatingIfNeeded: index)
    }

    @inline(__always) var value: Double { valueOfOrderedKey(key) }
    @inline(__always) var index: Int { Int(index32) }
    @inline(__always) var source: Int { index }
    @inline(__always) func precedes(_ other: Self) -> Bool {
        key < other.key || (key == other.key && age < other.age)
    }
    static var sentinel: Self { Self(value: .infinity, age: Int(UInt32.max), index: 0, source: 0) }
}

/// A finite or infinite `Double` (not NaN) as a `UInt64` in the same order;
/// -0 and +0 map to one key, as they compare equal.
@inline(__always) func orderedKey(_ value: Double) -> UInt64 {
    let bits = (value + 0.0).bitPattern
    return bits >> 63 == 0 ? bits | 1 << 63 : ~bits
}

@inline(__always) func valueOfOrderedKey(_ key: UInt64) -> Double {
    Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
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
    static var sentinel: Self { Self(value: .infinity, age: .max, index: 0, source: 0) }
}

/// scikit-image's watershed queue, with the same layout after every step:
/// a binary min-heap that sifts up while strictly before the parent, and
/// whose pop leaves the last entry where a sift-down to the earlier child
/// (the left one on a tie) would stop. Markers all enter with age 0, so
/// equal markers leave in the order this exact heap gives them; any other
/// queue would break their ties differently.
///
/// The pop runs bottom-up (Floyd): the hole at the root follows the earlier
/// child to a leaf, one comparison per level, then the last entry climbs
/// back over the entries that are not strictly before it. That is where the
/// sift-down would have stopped, in about half the comparisons; the last
/// entry, pushed late in a rising flood, rarely climbs. A sentinel after the
/// last entry spares the check for a missing right child.
///
/// Storage comes from the scratch pool and doubles when full; a failed
/// allocation throws.
struct _FloodQueue<Order: _FloodOrder>: ~Copyable {
    typealias Item = Order.Item
    private let order: Order
    private var items: UnsafeMutablePointer<Item>
    /// Entries that fit, not counting the sentinel slot.
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int, order: Order) throws {
        self.order = order
        self.capacity = max(capacity, 16)
        items = try Self.allocate(self.capacity)
        items.initialize(to: order.sentinel)
    }

    deinit { ScratchPool.shared.give(UnsafeMutableRawPointer(items), bytes: (capacity + 1) * MemoryLayout<Item>.stride) }

    private static func allocate(_ capacity: Int) throws -> UnsafeMutablePointer<Item> {
        let (bytes, overflow) = (capacity + 1).multipliedReportingOverflow(by: MemoryLayout<Item>.stride)
        guard !overflow, let raw = ScratchPool.shared.take(bytes: bytes) else {
            throw EngineError.outOfMemory("watershed queue of \(capacity) entries")
        }
        return raw.bindMemory(to: Item.self, capacity: capacity + 1)
    }

    /// The entries, in no particular order.
    var unorderedItems: [Item] { Array(UnsafeBufferPointer(start: items, count: count)) }

    /// The next item to leave, if any.
    @inline(__always) var first: Item? { count > 0 ? items[0] : nil }

    mutating func push(_ item: Item) throws {
        if count == capacity {
            let grown = try Self.allocate(2 * capacity)
            grown.moveInitialize(from: items, count: count)
            ScratchPool.shared.give(UnsafeMutableRawPointer(items), bytes: (capacity + 1) * MemoryLayout<Item>.stride)
            items = grown
            capacity *= 2
        }
        var child = count
        count += 1
        items[count] = order.sentinel
        while child > 0 {
            let parent = (child + 1) / 2 - 1
            guard order.precedes(item, items[parent]) else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = item
    }

    mutating func pop() -> Item? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        let last = items[count]
        items[count] = order.sentinel
        guard count > 0 else { return top }
        var i = 0
        while true {
            let l = 2 * i + 1
            guard l < count else { break }
            let child = order.precedes(items[l + 1], items[l]) ? l + 1 : l
            items[i] = items[child]
            i = child
        }
        while i > 0 {
            let parent = (i - 1) / 2
            guard !order.precedes(items[parent], last) else { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = last
        return top
    }
}
