#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Marker-based watershed, exactly as `skimage.segmentation.watershed`.
///
/// Priority flooding (Beucher & Meyer; the compact variant: Neubert &
/// Protzel, "Compact Watershed and Preemptive SLIC", ICPR 2014,
/// doi:10.1109/ICPR.2014.181) with scikit-image's queue discipline, so ties
/// resolve identically: a binary heap ordered by (value, age) with the same
/// sift-up and sift-down comparisons; markers enter in raster order with
/// age 0 and their own value; every later push gets the next age; a
/// neighbour costs at least what the pixel that reached it cost;
/// neighbours are visited nearest first, raster order among equals. The
/// image is padded by one pixel outside the mask, so no border checks.
///
/// - Parameters:
///   - labels: the markers on entry (0: unlabeled), the basins on return.
///   - mask: pixels that may be flooded (nil: all).
public func watershed(
    _ image: ImageView<Double>, labels: MutableImageView<Int32>, mask: ImageView<Bool>?,
    connectivity: Int, compactness: Double, watershedLine: Bool
) throws {
    let shape = image.shape, rank = shape.rank
    try require(labels.shape == shape, "markers shape \(labels.shape) does not match image shape \(shape)")
    if let mask { try require(mask.shape == shape, "mask shape \(mask.shape) does not match image shape \(shape)") }
    try require(connectivity >= 1 && connectivity <= rank, "connectivity must be between 1 and \(rank), got \(connectivity)")
    try require(compactness.isFinite && compactness >= 0, "compactness must be finite and >= 0")
    // Padded copies: image 0, mask 0, labels 0 outside.
    let dims = shape.dims, padded = dims.map { $0 + 2 }
    let strides = (0..<rank).map { a in padded[(a + 1)...].reduce(1, *) }
    let total = padded.reduce(1, *)
    let value = UnsafeMutableBufferPointer<Double>.allocate(capacity: total)
    let inMask = UnsafeMutableBufferPointer<Bool>.allocate(capacity: total)
    let out = UnsafeMutableBufferPointer<Int32>.allocate(capacity: total)
    defer { value.deallocate(); inMask.deallocate(); out.deallocate() }
    value.initialize(repeating: 0)
    inMask.initialize(repeating: false)
    out.initialize(repeating: 0)
    let pw = shape.width + 2, ph = shape.height + 2
    /// Padded index of the first pixel of row r.
    func paddedRow(_ r: Int) -> Int { ((r / shape.height + (rank == 3 ? 1 : 0)) * ph + r % shape.height + 1) * pw + 1 }
    for r in 0..<shape.rowCount {
        let p = paddedRow(r), i = r * shape.width
        for x in 0..<shape.width {
            value[p + x] = image.base[i + x]
            let m = mask?.base[i + x] ?? true
            inMask[p + x] = m
            out[p + x] = m ? labels.base[i + x] : 0
        }
    }
    let neighbours = neighbourOffsets(rank: rank, connectivity: connectivity, strides: strides)
    var heap = _WatershedHeap(capacity: max(16, shape.count / 4))
    defer { heap.deallocate() }
    for p in 0..<total where out[p] != 0 {
        try heap.push(.init(value: value[p], age: 0, index: p, source: p))
    }
    let compact = compactness > 0
    var age = 1
    func distance(_ a: Int, _ b: Int) -> Double {
        var sum = 0.0, x = a, y = b
        for s in strides { let d = Double(x / s - y / s); sum += d * d; x %= s; y %= s }
        return sum.squareRoot()
    }
    try neighbours.withUnsafeBufferPointer { neighbours in
        while let item = heap.pop() {
            if compact || watershedLine {
                // Pixels are labelled as they leave the queue.
                if out[item.index] != 0 && item.index != item.source { continue }
                let label = out[item.source]
                var differs = !inMask[item.index]
                if !compact && !differs {
                    for n in neighbours {
                        let j = item.index + n
                        if inMask[j] && out[j] != 0 && out[j] != label { differs = true; break }
                    }
                    if differs { inMask[item.index] = false }
                }
                if compact || !differs { out[item.index] = label }
            }
            for n in neighbours {
                let j = item.index + n
                guard inMask[j], out[j] == 0 else { continue }
                age += 1
                var cost = value[j]
                if compact {
                    cost += compactness * distance(j, item.source)
                } else if !watershedLine {
                    out[j] = out[item.index]
                }
                try heap.push(.init(value: max(cost, item.value), age: age, index: j, source: item.source))
            }
        }
    }
    for r in 0..<shape.rowCount {
        let p = paddedRow(r), i = r * shape.width
        for x in 0..<shape.width { labels.base[i + x] = out[p + x] }
    }
}

/// Raveled offsets of the neighbours within `connectivity` orthogonal
/// steps, nearest first, raster order among equally near (scikit-image's
/// `_offsets_to_raveled_neighbors`).
func neighbourOffsets(rank: Int, connectivity: Int, strides: [Int]) -> [Int] {
    var list: [(distance: Double, offset: Int)] = []
    for code in 0..<Int(pow3(rank)) {
        var rest = code, offset = 0, squares = 0, steps = 0
        var digits = [Int](repeating: 0, count: rank)
        for a in stride(from: rank - 1, through: 0, by: -1) { digits[a] = rest % 3 - 1; rest /= 3 }
        for a in 0..<rank {
            offset += digits[a] * strides[a]
            squares += digits[a] * digits[a]
            steps += digits[a] != 0 ? 1 : 0
        }
        if steps == 0 || steps > connectivity { continue }
        list.append((Double(squares).squareRoot(), offset))
    }
    return list.enumerated().sorted { $0.element.distance != $1.element.distance ? $0.element.distance < $1.element.distance : $0.offset < $1.offset }
        .map(\.element.offset)
}

func pow3(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 3 } }

/// scikit-image's watershed queue: a binary min-heap on (value, age),
/// sift-up while strictly smaller than the parent, sift-down comparing the
/// left child first. Storage grows by doubling; a failed allocation throws.
struct _WatershedHeap {
    struct Item { var value: Double; var age: Int; var index: Int; var source: Int }
    var items: UnsafeMutablePointer<Item>
    var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        items = .allocate(capacity: capacity)
    }

    func deallocate() { items.deallocate() }

    @inline(__always) static func smaller(_ a: Item, _ b: Item) -> Bool {
        a.value != b.value ? a.value < b.value : a.age < b.age
    }

    mutating func push(_ item: Item) throws {
        if count == capacity {
            guard let grown = realloc(items, 2 * capacity * MemoryLayout<Item>.stride) else {
                throw EngineError.outOfMemory("watershed queue of \(2 * capacity) entries")
            }
            items = grown.bindMemory(to: Item.self, capacity: 2 * capacity)
            capacity *= 2
        }
        var child = count
        items[child] = item
        count += 1
        while child > 0 {
            let parent = (child + 1) / 2 - 1
            guard Self.smaller(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Item? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        guard count > 0 else { return top }
        items[0] = items[count]
        var i = 0
        while true {
            let l = 2 * i + 1, r = 2 * i + 2
            guard l < count else { break }
            var smallest = i
            if Self.smaller(items[l], items[i]) { smallest = l }
            if r < count && Self.smaller(items[r], items[smallest]) { smallest = r }
            if smallest == i { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return top
    }
}

extension UnsafeMutablePointer {
    @inline(__always) func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]; self[i] = self[j]; self[j] = t
    }
}

/// Regional minima, exactly as `skimage.morphology.local_minima` (borders
/// allowed): plateaus of equal value, connected within `connectivity`,
/// with no lower neighbour; the image is padded with its maximum, and a
/// plateau reaching the padding's edge is not a minimum (so a constant
/// image has none). Candidates are found along rows first, as scikit-image
/// finds them.
public func regionalMinima(_ image: ImageView<Double>, connectivity: Int) throws -> [Bool] {
    let shape = image.shape, rank = shape.rank
    try require(connectivity >= 1 && connectivity <= rank, "connectivity must be between 1 and \(rank), got \(connectivity)")
    let dims = shape.dims, padded = dims.map { $0 + 2 }
    let strides = (0..<rank).map { a in padded[(a + 1)...].reduce(1, *) }
    let total = padded.reduce(1, *)
    var top = -Double.infinity
    for i in 0..<shape.count { top = max(top, image.base[i]) }
    var value = [Double](repeating: top, count: total)
    // Flags: 3 edge of the padded array, 2 candidate, 1 queued/minimum, 0 none.
    var flags = [UInt8](repeating: 0, count: total)
    for p in 0..<total {
        var rest = p
        for a in stride(from: rank - 1, through: 0, by: -1) {
            let c = rest % padded[a]
            rest /= padded[a]
            if c == 0 || c == padded[a] - 1 { flags[p] = 3 }
        }
    }
    var index = [Int](repeating: 0, count: shape.count)
    for i in 0..<shape.count {
        var rest = i, p = 0
        for a in stride(from: rank - 1, through: 0, by: -1) { p += (rest % dims[a] + 1) * strides[a]; rest /= dims[a] }
        value[p] = image.base[i]
        index[i] = p
    }
    var i = 1
    while i < total {
        if value[i - 1] > value[i] && flags[i] != 3 {
            var ahead = i + 1
            while value[i] == value[ahead] && flags[ahead] != 3 { ahead += 1 }
            if value[i] < value[ahead] { for k in i..<ahead { flags[k] = 2 } }
            i = ahead
        } else {
            i += 1
        }
    }
    let neighbours = neighbourOffsets(rank: rank, connectivity: connectivity, strides: strides)
    var queue: [Int] = []
    for start in 0..<total where flags[start] == 2 {
        let h = value[start]
        var minimum = true
        flags[start] = 1
        queue.removeAll(keepingCapacity: true)
        queue.append(start)
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for n in neighbours {
                let j = current + n
                if value[j] == h {
                    if flags[j] == 3 { minimum = false } else if flags[j] != 1 { queue.append(j); flags[j] = 1 }
                } else if value[j] < h {
                    minimum = false
                }
            }
        }
        if !minimum { for p in queue { flags[p] = 0 } }
    }
    return index.map { flags[$0] == 1 }
}
