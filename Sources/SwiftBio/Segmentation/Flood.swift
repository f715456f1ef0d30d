/// Region growing from `seed`, as `skimage.morphology.flood`: the pixels
/// connected to the seed through neighbours (`offsets`, coordinate deltas
/// per caller axis) whose value lies in `low … high`.
public func flood<P: PixelScalar>(
    _ image: ImageView<P>, seed: [Int], offsets: [[Int]], low: Double, high: Double, into region: MutableImageView<Bool>
) throws {
    let shape = image.shape, dims = shape.dims, rank = shape.rank
    try require(region.shape == shape, "output shape does not match image shape")
    try require(seed.count == rank && zip(seed, dims).allSatisfy { $0 >= 0 && $0 < $1 }, "seed point \(seed) is outside the image")
    try require(offsets.allSatisfy { $0.count == rank }, "neighbour offsets need \(rank) coordinates")
    let strides = (0..<rank).map { a in dims[(a + 1)...].reduce(1, *) }
    region.base.update(repeating: false, count: shape.count)
    let start = zip(seed, strides).map(*).reduce(0, +)
    let inRange = { (i: Int) -> Bool in let v = image.base[i].asDouble; return v >= low && v <= high }
    guard inRange(start) else { return }
    var queue = [start]
    region.base[start] = true
    var head = 0
    var coordinate = [Int](repeating: 0, count: rank)
    while head < queue.count {
        let current = queue[head]
        head += 1
        for a in 0..<rank { coordinate[a] = current / strides[a] % dims[a] }
        neighbours: for offset in offsets {
            var j = 0
            for a in 0..<rank {
                let c = coordinate[a] + offset[a]
                if c < 0 || c >= dims[a] { continue neighbours }
                j += c * strides[a]
            }
            if !region.base[j] && inRange(j) {
                region.base[j] = true
                queue.append(j)
            }
        }
    }
}
