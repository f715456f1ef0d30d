/// Indices of the `count` thresholds that maximise the between-class
/// variance of the bin probabilities `p` (multi-level Otsu).
///
/// Liao, Chen & Chung, "A fast algorithm for multilevel thresholding",
/// J. Inf. Sci. Eng. 17(5), 2001, doi:10.6688/JISE.2001.17.5.1: a lookup
/// table of the variance of every bin interval, then an exhaustive search
/// over ordered index tuples. Arithmetic is float32 in scikit-image's
/// order, with its conventions (the first moment starts at p[0]; the
/// interval [0, 0] counts 0; the first maximum wins), so the same bins
/// come out. O(n²) memory: at most 8192 bins.
public func multiOtsuIndices(probabilities p: [Float], count: Int) throws -> [Int] {
    let n = p.count
    try require(count >= 1 && count < n, "need between 1 and \(n - 1) thresholds, got \(count)")
    try require(n <= 8192, "multi-Otsu supports at most 8192 bins, got \(n)")
    var zeroth = [Float](repeating: 0, count: n), first = [Float](repeating: 0, count: n)
    var table = [Float](repeating: 0, count: n * (n + 1) / 2)
    zeroth[0] = p[0]
    first[0] = p[0]
    for i in 1..<n {
        zeroth[i] = zeroth[i - 1] + p[i]
        first[i] = first[i - 1] + Float(i) * p[i]
        if zeroth[i] > 0 { table[i] = first[i] * first[i] / zeroth[i] }
    }
    var index = n
    for i in 1..<n {
        for j in i..<n {
            let weight = zeroth[j] - zeroth[i - 1]
            if weight > 0 {
                let moment = first[j] - first[i - 1]
                table[index] = moment * moment / weight
            }
            index += 1
        }
    }
    /// Variance of the bins i … j.
    func variance(_ i: Int, _ j: Int) -> Float { table[i * (2 * n - i + 1) / 2 + j - i] }
    var current = [Int](repeating: 0, count: count), best = [Int](repeating: 0, count: count)
    var bestSigma: Float = 0
    func search(from start: Int, level: Int) {
        guard level < count else {
            var sigma = variance(0, current[0]) + variance(current[count - 1] + 1, n - 1)
            for k in 0..<(count - 1) { sigma += variance(current[k] + 1, current[k + 1]) }
            if sigma > bestSigma { bestSigma = sigma; best = current }
            return
        }
        for i in start..<(n - count + level) {
            current[level] = i
            search(from: i + 1, level: level + 1)
        }
    }
    search(from: 0, level: 0)
    return best
}
