/// `output[i] = table[labels[i]]` in parallel: a per-label decision (keep,
/// fill, select) painted back onto the pixels in one pass, a straight
/// gather. Throws for a label outside the table (negative or too large).
@inlinable
public func lookupLabels<L: PixelScalar>(_ labels: ImageView<L>, table: [UInt8], into output: UnsafeMutablePointer<UInt8>) throws {
    let n = labels.shape.count, size = UInt(table.count)
    let outside = SharedAccumulator(false)
    table.withUnsafeBufferPointer { table in
        let t = table.baseAddress!
        Parallel.forEachChunk(of: n, workPerItem: 2) { range in
            // Branch-free, so that the loop vectorises (as gathers).
            var bad: UInt = 0
            for i in range {
                let v = UInt(bitPattern: labels.base[i].asInt)
                let inside = v < size
                bad |= inside ? 0 : 1
                output[i] = t[Int(bitPattern: inside ? v : 0)]
            }
            if bad != 0 { outside.merge { $0 = true } }
        }
    }
    if outside.result { throw EngineError.invalidArgument("label image has labels outside the lookup table (0 … \(table.count - 1))") }
}
