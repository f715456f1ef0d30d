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
