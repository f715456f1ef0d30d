@testable import SwiftBio

/// A trivially correct N-d correlation: for every output pixel, every
/// weight, map each coordinate through the boundary mode. Slow and obvious.
func naiveCorrelate(
    _ input: [Double], shape: [Int], weights: [Double], weightShape: [Int], origin: [Int],
    mode: BoundaryMode, cval: Double
) -> [Double] {
    let rank = shape.count
    func strides(_ s: [Int]) -> [Int] { (0..<s.count).map { a in s[(a + 1)...].reduce(1, *) } }
    let inStrides = strides(shape), wStrides = strides(weightShape)
    let count = shape.reduce(1, *), wCount = weightShape.reduce(1, *)
    var out = [Double](repeating: 0, count: count)
    for p in 0..<count {
        let position = (0..<rank).map { (p / inStrides[$0]) % shape[$0] }
        var sum = 0.0
        for q in 0..<wCount {
            let offset = (0..<rank).map { (q / wStrides[$0]) % weightShape[$0] }
            var source = 0, inside = true
            for a in 0..<rank {
                let i = position[a] + offset[a] - (weightShape[a] / 2 + origin[a])
                if let s = mode.sourceIndex(i, count: shape[a]) { source += s * inStrides[a] } else { inside = false }
            }
            sum += weights[q] * (inside ? input[source] : cval)
        }
        out[p] = sum
    }
    return out
}

/// Outer product of per-axis 1D kernels (nil = [1]) as N-d weights.
func outerProduct(_ kernels: [[Double]?]) -> (weights: [Double], shape: [Int]) {
    var weights = [1.0], shape: [Int] = []
    for k in kernels {
        let k = k ?? [1]
        weights = weights.flatMap { w in k.map { w * $0 } }
        shape.append(k.count)
    }
    return (weights, shape)
}

/// Runs `body` with views over `input` (converted to `In`) and a new output.
func filtered<In: PixelScalar, T: FilterScalar>(
    _ input: [In], shape: [Int], as _: T.Type,
    _ body: (ImageView<In>, MutableImageView<T>) throws -> Void
) throws -> [Double] {
    let s = try ImageShape(shape)
    var output = [T](repeating: .nan, count: input.count)
    try input.withUnsafeBufferPointer { i in
        try output.withUnsafeMutableBufferPointer { o in
            try body(ImageView(base: i.baseAddress!, shape: s), MutableImageView(base: o.baseAddress!, shape: s))
        }
    }
    return output.map { Double($0) }
}

/// Deterministic pseudo-random values (an LCG: no Foundation needed).
func pseudoRandom(count: Int, seed: UInt64 = 1) -> [Double] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 40) / Double(1 << 24) * 200 - 50
    }
}

func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    let scale = max(1, b.map(abs).max() ?? 1)
    return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
}

let testShapes: [[Int]] = [[1, 1], [1, 2], [3, 1], [2, 3], [5, 7], [13, 40], [1, 1, 1], [2, 3, 5], [4, 1, 19], [3, 6, 35]]
