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
